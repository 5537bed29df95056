/**
 * Issue 12 item 3: exactly one alert post whatever Slack does. Slack's outages are the fake's
 * fault injection (5xx, a call stored but never answered); "time passing beyond the lease" is the
 * lease expired in the database, so nothing here waits on the wall clock for it.
 */
import { eq } from 'drizzle-orm';
import { LogLevel, WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { slackClientOptions } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import type { RunningBot } from '../../src/runtime.js';
import { observedFetch } from '../../src/slack/observe.js';
import { ALERTS_CHANNEL, eventually, memoryLogger, useBotTest } from '../support/bot.js';
import type { TestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();

const row = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;

/** Starts two bot instances (on PostgreSQL each with its own connections, as two processes would). */
async function twoBots(env: Record<string, string> = {}) {
  const secondDb = t.database.url ? await openDatabase({ url: t.database.url }) : t.database;
  const first = await t.h.start({ env });
  const second = await t.h.start({ env, database: secondDb as TestDatabase });
  return {
    bots: [first, second],
    async close() {
      if (secondDb !== t.database) {
        await second.stop();
        await secondDb.close();
      }
    },
  };
}

/** The alert's lease runs out (the outage lasts longer than it), then every instance tries at once. */
async function leaseRunsOut(id: number, bots: RunningBot[]) {
  await t.database.db.update(alerts).set({ postLeaseUntil: new Date(0) }).where(eq(alerts.id, id));
  await Promise.all(bots.map((b) => b.dispatcher.drain()));
}

async function failedTries(id: number, atLeast: number) {
  return eventually(async () => {
    const r = await row(id);
    return r.postError && r.postAttempts >= atLeast ? r : undefined;
  });
}

const failures = (method: string) =>
  t.h
    .logs()
    .filter((l) => l.component === 'slack-api' && l.method === method)
    .map((l) => ({ status: l.status, attempt: l.attempt }));

describe('two instances through a Slack outage longer than the posting lease', () => {
  it.each([
    ['Slack refused the post', false],
    ['Slack stored the first post but answered 503', true],
  ])('%s: the alert is posted once, after the outage', async (_case, stored) => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    const { bots, close } = await twoBots();
    // Slack answers 503 to everything (the Socket Mode connections are already up).
    t.h.fake.outage({ status: 503 });
    if (stored) t.h.fake.failNext('chat.postMessage', { status: 503, applied: true });
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    await failedTries(id, 1);
    // Three leases run out while Slack is still down: each try looks for the message, cannot, and posts nothing.
    for (let i = 0; i < 3; i++) await leaseRunsOut(id, bots);
    const during = await failedTries(id, 4);
    expect(during.slackTs).toBeNull();
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(stored ? 1 : 0);
    expect(t.h.fake.callsTo('chat.postMessage')).toHaveLength(1);

    t.h.fake.endOutage();
    await leaseRunsOut(id, bots);
    const posted = await eventually(async () => ((await row(id)).slackTs ? row(id) : undefined));
    const messages = t.h.fake.messages(ALERTS_CHANNEL);
    expect(messages).toHaveLength(1);
    expect(posted.slackTs).toBe(messages[0]!.ts);
    expect(t.h.fake.callsTo('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(stored ? 0 : 1);
    // The outage is in the logs (method, status, attempt) and in the metrics.
    expect(failures('chat.postMessage')[0]).toEqual({ status: 503, attempt: 1 });
    expect(failures('conversations.history').length + failures('auth.test').length).toBeGreaterThan(0);
    const errors = await bots[0]!.metrics.slackErrors.get();
    const counted = errors.values.filter((v) => v.labels.error === 'http_503').reduce((n, v) => n + v.value, 0);
    const errors2 = await bots[1]!.metrics.slackErrors.get();
    const counted2 = errors2.values.filter((v) => v.labels.error === 'http_503').reduce((n, v) => n + v.value, 0);
    expect(counted + counted2).toBeGreaterThanOrEqual(4);
    await close();
  });

  it('a post Slack stored but never answered: the try is cut by the timeout, the message found, not posted again', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    t.h.fake.failNext('chat.postMessage', { hang: true, applied: true });
    const { bots, close } = await twoBots({ QRV_SLACK_TIMEOUT_MS: '300' });
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const failed = await failedTries(id, 1);
    expect(failed.slackTs).toBeNull();
    expect(failures('chat.postMessage')[0]).toEqual({ status: 'timeout', attempt: 1 });
    await leaseRunsOut(id, bots);
    const posted = await eventually(async () => ((await row(id)).slackTs ? row(id) : undefined));
    expect(t.h.fake.messages(ALERTS_CHANNEL).map((m) => m.ts)).toEqual([posted.slackTs]);
    expect(t.h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    await close();
  });
});

describe('the Web API client', () => {
  it('gives up a call after 1 + QRV_SLACK_RETRIES tries, each cut by the timeout, and logs each with its attempt', async () => {
    const { logger, lines } = memoryLogger();
    const web = new WebClient('xoxb-test-token', { ...slackClientOptions({ apiUrl: t.h.fake.apiUrl, timeoutMs: 200, retries: 2 }, { fetch: observedFetch({ logger }) }), logLevel: LogLevel.ERROR });
    t.h.fake.failNext('chat.postMessage', { hang: true }, 3);
    await expect(web.chat.postMessage({ channel: ALERTS_CHANNEL, text: 'x' })).rejects.toThrow();
    expect(t.h.fake.callsTo('chat.postMessage')).toHaveLength(3);
    const logged = lines()
      .filter((l) => l.method === 'chat.postMessage')
      .map((l) => [l.status, l.attempt]);
    expect(logged).toEqual([
      ['timeout', 1],
      ['timeout', 2],
      ['timeout', 3],
    ]);
    t.h.fake.failNext('chat.postMessage', { status: 502 });
    expect((await web.chat.postMessage({ channel: ALERTS_CHANNEL, text: 'y' })).ok).toBe(true);
  }, 30_000);
});

describe("Slack's rate limit on alert posts", () => {
  it('a 429 pauses posting for its Retry-After; the alert is then posted once, without looking for a message Slack never stored', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await t.h.start();
    t.h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const posted = await eventually(async () => ((await row(id)).slackTs ? row(id) : undefined), 15_000);
    expect(t.h.fake.messages(ALERTS_CHANNEL).map((m) => m.ts)).toEqual([posted.slackTs]);
    expect(t.h.fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(t.h.fake.callsTo('conversations.history')).toHaveLength(0);
    expect(posted.postAttempts).toBe(1);
    const paused = t.h.logs().filter((l) => l.msg === 'Slack rate limit: alert posting paused and slowed down');
    expect(paused).toEqual([expect.objectContaining({ alertId: id, retryAfterMs: 1000 })]);
  });
});
