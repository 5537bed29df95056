/**
 * Issue 15 (cold start): the job engine (pg-boss) starts while Socket Mode connects, so an operator
 * can act before it is up. The alert-sync request such a handler makes waits for the engine and is
 * delivered once it is up (src/runtime.ts); the operator is never told that something failed.
 * The engine is held at its first statement: the test database is handed to the bot with its
 * pool / PGlite (what only the job engine's adapter uses) behind a gate the test opens.
 * A request that failed would reach the operator (the generic failure line) and the log; the
 * start-up sweep would still repair the message, so those are what tell a lost request here.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import { GENERIC_FAILURE_MESSAGE } from '../../src/errors.js';
import { CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import type { TestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

/** The same database, but the job engine's statements wait until `open()`; `held` counts those that waited. */
function engineGate(database: TestDatabase) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const gate = { held: 0, open, isOpen: false };
  void opened.then(() => (gate.isOpen = true));
  const gated = <T extends object>(target: T | undefined) =>
    target &&
    new Proxy(target, {
      get(object, key) {
        const value = Reflect.get(object, key, object) as unknown;
        if (typeof value !== 'function') return value;
        if (key !== 'query' && key !== 'exec') return value.bind(object);
        return async (...args: unknown[]) => {
          if (!gate.isOpen) gate.held++;
          await opened;
          return value.apply(object, args);
        };
      },
    });
  return { gate, database: { ...database, pool: gated(database.pool), pglite: gated(database.pglite) } as TestDatabase };
}

describe('an alert-sync request while the job engine is starting', () => {
  it('waits for the engine and is delivered once it is up', async () => {
    // A first run posts the alert, then stops.
    const first = await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const ts = await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]?.slackTs ?? undefined, 20_000);
    await first.stop();
    await t.h.fake.waitForConnections(0, 30_000);
    const updatesBefore = t.h.fake.callsTo('chat.update').length;

    const { gate, database } = engineGate(t.database);
    let up = false;
    const starting = t.h.start({ database }).then((bot) => {
      up = true;
      return bot;
    });
    await t.h.fake.waitForConnections(1, 30_000);
    // Connected to Slack, engine held: an operator claims the alert.
    await t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
    await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]?.assignee === 'U0SATO', 20_000);
    expect(gate.held).toBeGreaterThan(0); // the engine really is still starting
    expect(up).toBe(false);
    expect(t.h.fake.callsTo('chat.update')).toHaveLength(updatesBefore);

    gate.open();
    await starting;
    const message = await eventually(() => {
      const m = t.h.fake.message(ALERTS_CHANNEL, ts)!;
      return JSON.stringify(m.attachments).includes('担当: <@U0SATO>') ? m : undefined;
    }, 20_000);
    expect(JSON.stringify(message.attachments)).not.toContain(CLAIM_ALERT_ACTION);
    const notes = await eventually(() => {
      const replies = t.h.fake.replies(ALERTS_CHANNEL, ts);
      return replies.length > 0 ? replies : undefined;
    }, 20_000);
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/^<@U0SATO> さんが対応を開始しました（\d\d:\d\d）$/)]);
    // The handler's request did not fail: nothing logged, the operator was told nothing.
    expect(t.h.logs().filter((l) => l.msg === 'unhandled error in a Slack listener')).toEqual([]);
    expect(JSON.stringify([t.h.fake.ephemerals('U0SATO'), t.h.fake.responses])).not.toContain(GENERIC_FAILURE_MESSAGE);
  }, 90_000);
});
