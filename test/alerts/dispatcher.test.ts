import { isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAlertDispatcher, type AlertPoster } from '../../src/alerts/dispatcher.js';
import { alerts } from '../../src/db/schema.js';
import { postingOrder } from '../../src/domain/alert-kinds.js';
import { createLogger } from '../../src/logger.js';
import { createAlertsRepository } from '../../src/repositories/alerts.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert, seedReservation } from '../support/seed.js';

const t = useTestDatabase();

/**
 * A Slack stand-in that holds the first posts until `together` of them are in flight at once (a
 * dispatcher posting one at a time would never get there), then lets everything through.
 */
function heldPoster(together: number) {
  let inFlight = 0;
  let most = 0;
  let release: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const posted: number[] = [];
  const poster: AlertPoster = {
    async post(alert) {
      inFlight++;
      most = Math.max(most, inFlight);
      if (inFlight >= together) release();
      await gate;
      inFlight--;
      posted.push(alert.id);
      return { channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` };
    },
  };
  return { poster, posted, most: () => most };
}

describe('posting a storm of alerts', () => {
  it('posts several at a time, never more than its bound, each exactly once', async () => {
    // Twelve problems (system alerts have no reservation, so none repeats another).
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}` }));
    const slack = heldPoster(3);
    const dispatcher = createAlertDispatcher({
      alerts: createAlertsRepository({ db: t.database.db }),
      poster: slack.poster,
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 60_000,
      concurrency: 3,
    });
    expect(await dispatcher.drain()).toBe(12);
    expect([...slack.posted].sort((a, b) => a - b)).toEqual(ids);
    expect(slack.most()).toBe(3);
    expect(await t.database.db.select().from(alerts).where(isNotNull(alerts.slackTs))).toHaveLength(12);
  });
});

describe('batch leasing', () => {
  it('two dispatchers leasing in batches post every alert exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}` }));
    const posted: number[] = [];
    const repo = createAlertsRepository({ db: t.database.db });
    const poster: AlertPoster = {
      async post(alert) {
        await new Promise((r) => setTimeout(r, 1));
        posted.push(alert.id);
        return { channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` };
      },
    };
    const dispatcher = (instanceId: string) =>
      createAlertDispatcher({ alerts: repo, poster, logger: createLogger({ level: 'silent' }), pollIntervalMs: 60_000, concurrency: 4, instanceId });
    const [a, b] = await Promise.all([dispatcher('one').drain(), dispatcher('two').drain()]);
    expect(a + b).toBe(30);
    expect([...posted].sort((x, y) => x - y)).toEqual(ids);
    const rows = await t.database.db.select().from(alerts).where(isNotNull(alerts.slackTs));
    expect(rows.map((r) => r.slackTs).sort()).toEqual(ids.map((id) => `1700000000.${String(id).padStart(6, '0')}`));
  });

  it('one statement leases several alerts in posting order; another owner gets the next ones, never the same', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}`, severity: 'low' }));
    const critical = await coreRaisesAlert(t.database.db, 'system', null, { title: '全停止', severity: 'critical' });
    const repo = createAlertsRepository({ db: t.database.db });
    const first = await repo.leaseUnposted({ owner: 'one', leaseMs: 60_000, order: postingOrder(), limit: 4 });
    expect(first.map((a) => a.id)).toEqual([critical, ids[0], ids[1], ids[2]]);
    expect(first.every((a) => a.postLeaseOwner === 'one' && a.postAttempts === 1 && !a.mayRepeat)).toBe(true);
    const second = await repo.leaseUnposted({ owner: 'two', leaseMs: 60_000, order: postingOrder(), limit: 4 });
    expect(second.map((a) => a.id)).toEqual(ids.slice(3));
    expect(await repo.leaseUnposted({ owner: 'three', leaseMs: 60_000, limit: 4 })).toEqual([]);
  });

  it('asks for a repeat link only when an earlier alert of the same reservation and kind was posted', async () => {
    await seedReservation(t.database.db);
    const first = await coreRaisesAlert(t.database.db, 'late_cancel', 'QRV-A1B2C3');
    const other = await coreRaisesAlert(t.database.db, 'system', null, { title: '障害' });
    const asked: number[] = [];
    const dispatcher = createAlertDispatcher({
      alerts: createAlertsRepository({ db: t.database.db }),
      poster: {
        post: async (alert) => ({ channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` }),
        postRepeat: async ({ repeat }) => ({ channel: 'C0QRVALERT', ts: `1700000001.${String(repeat.id).padStart(6, '0')}` }),
      },
      linkRepeat: async ({ id }) => (asked.push(id), undefined),
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 60_000,
    });
    expect(await dispatcher.drain()).toBe(2);
    expect(asked).toEqual([]);
    const second = await coreRaisesAlert(t.database.db, 'late_cancel', 'QRV-A1B2C3');
    expect(await dispatcher.drain()).toBe(1);
    expect(asked).toEqual([second]);
    expect([first, other]).not.toContain(second);
  });
});

describe("Slack's rate limit", () => {
  it('a 429 lets the posts in flight end, starts nothing until its Retry-After, then posts fewer at a time, in order; each alert once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}` }));
    let inFlight = 0;
    let pausing = false;
    let now = Date.now();
    let release: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const starts: Array<{ id: number; inFlight: number; duringPause: boolean }> = [];
    const pauses: number[] = [];
    const posted: number[] = [];
    const poster: AlertPoster = {
      async post(alert) {
        starts.push({ id: alert.id, inFlight: ++inFlight, duringPause: pausing });
        if (inFlight >= 4) release();
        await gate;
        inFlight--;
        // Slack says 429 to the first alert's post, with the other three in flight.
        if (starts.length <= 4 && alert.id === ids[0]) throw Object.assign(new Error('ratelimited'), { retryAfterMs: 60_000 });
        posted.push(alert.id);
        return { channel: 'C0QRVALERT', ts: `1700000000.${String(alert.id).padStart(6, '0')}` };
      },
      // Never asked: a 429's try did not reach Slack, so the retry does not look for its message.
      findPosted: async () => {
        throw new Error('looked for a message Slack never stored');
      },
      retryAfterMs: (error) => (error as { retryAfterMs?: number }).retryAfterMs,
    };
    const dispatcher = createAlertDispatcher({
      alerts: createAlertsRepository({ db: t.database.db }),
      poster,
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 60_000,
      concurrency: 4,
      // The pause is the test's: it records what the dispatcher waits, and whether a post starts meanwhile.
      now: () => now,
      pause: async (ms) => {
        pauses.push(ms);
        pausing = true;
        await new Promise((r) => setImmediate(r));
        now += ms;
        pausing = false;
      },
    });
    await dispatcher.drain();
    expect(pauses).toEqual([60_000]);
    expect(starts.some((s) => s.duringPause)).toBe(false);
    // Four at once before the 429. After it the bound is halved: the first lease takes two, the
    // rate-limited alert first (its place in the queue kept).
    expect(starts.slice(0, 4).map((s) => [s.id, s.inFlight])).toEqual(ids.slice(0, 4).map((id, i) => [id, i + 1]));
    expect(starts.slice(4, 6).map((s) => [s.id, s.inFlight])).toEqual([
      [ids[0], 1],
      [ids[4], 2],
    ]);
    expect(starts[6]!.inFlight).toBeLessThanOrEqual(2);
    expect([...posted].sort((a, b) => a - b)).toEqual(ids);
    const rows = await t.database.db.select().from(alerts).where(isNotNull(alerts.slackTs));
    expect(rows).toHaveLength(12);
    expect(rows.find((r) => r.id === ids[0])?.postAttempts).toBe(1);
  });
});
