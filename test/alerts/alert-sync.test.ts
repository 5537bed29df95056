/**
 * Issue 12 items 1-2: a submission is acknowledged only once applied, and Slack follows the
 * database (the alert-sync job re-renders the message and posts the thread notes, so a bot
 * stopped after a commit, or a failed chat.update, is repaired). Faults are the fake Slack's.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { alerts, operationRecords, reservations } from '../../src/db/schema.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { LATE_CANCEL_ACTIONS as A, LATE_CANCEL_FIELDS as F, LATE_CANCEL_VIEWS as V } from '../../src/views/ids/procedures/late-cancel.js';
import { explainCancellationPolicy } from '../../src/workflows/late-cancel/decide.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, HANDOVER_BUTTONS, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { onPostgres } from '../support/db.js';
import { seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'confirmed', shopId: SHIBUYA_AROMA.id });
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
});

const start = () => t.h.start({ clock, ports: d.ports });
const raise = () => d.raise('late_cancel', { requested_at: '2026-01-29T02:00:00Z' });
const notes = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const CLAIM_NOTE = /^<@U0SATO> さんが対応を開始しました（12:00）$/;
const TRY_AGAIN = '時間をおいて再度お試しください';

/** The message shows the outcome (no buttons) and the thread the claim, then the record, once each. */
async function repaired(ts: string) {
  const message = await eventually(() => {
    const m = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    return buttonsOf(m).length === 0 && notes(ts).some((n) => n.startsWith('📝 対応記録')) ? m : undefined;
  }, 20_000);
  expect(messageText(message)).toContain('✅ 完了: 期限超過キャンセル: 特別な事情なし（返金なし）');
  const thread = notes(ts);
  expect(thread.filter((n) => CLAIM_NOTE.test(n))).toHaveLength(1);
  expect(thread.filter((n) => n.startsWith('📝 対応記録'))).toHaveLength(1);
  expect(thread.findIndex((n) => CLAIM_NOTE.test(n))).toBeLessThan(thread.findIndex((n) => n.startsWith('📝 対応記録')));
}

describe('acknowledged means applied', () => {
  it('the modal closes only once the record is committed', async () => {
    await start();
    const { alertId, ts } = await raise();
    await d.click(A.policy, ts);
    await d.modal(V.policy);
    const submitted = await d.submit({});
    // The ack (the modal closing) comes after the commit: at that moment the record is there.
    expect(submitted.ack.payload).toEqual({});
    const records = await t.database.db.select().from(operationRecords).where(eq(operationRecords.alertId, alertId));
    expect(records).toHaveLength(1);
    await repaired(ts);
  });

  it.runIf(onPostgres)('a commit slower than 2 s: the modal says 処理中, then shows the outcome', async () => {
    await start();
    const { alertId, ts } = await raise();
    await d.click(A.policy, ts);
    await d.modal(V.policy);
    await d.claimed(alertId); // the claim that follows the shown form is done before the row is held
    // Another session holds the alert's row: the procedure's transaction waits for it.
    const other = await openDatabase({ url: t.database.url! });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = other.db.transaction(async (tx) => {
      await tx.execute(sql`select id from alerts where id = ${alertId} for update`);
      locked();
      await released;
    });
    await isLocked;
    try {
      const submitted = await d.submit({});
      expect(submitted.ack.payload).toMatchObject({ response_action: 'update', view: { callback_id: 'qrv_processing' } });
      expect(await t.database.db.select().from(operationRecords).where(eq(operationRecords.alertId, alertId))).toEqual([]);
    } finally {
      release();
      await holding;
      await other.close();
    }
    await d.modal('qrv_applied');
    expect(await t.database.db.select().from(operationRecords).where(eq(operationRecords.alertId, alertId))).toHaveLength(1);
    await repaired(ts);
  }, 30_000);

  it('特別な事情あり + 承諾 with no amount: a field error before the modal closes, nothing written', async () => {
    await t.database.db.update(reservations).set({ amountJpy: null });
    await start();
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    const res = await d.submit({ [F.reason]: { value: '発熱' }, [F.shopAnswer]: { value: 'agreed' } });
    expect(Object.keys((res.ack.payload.errors ?? {}) as object)).toEqual([C.amount]);
    expect(await t.database.db.select().from(operationRecords).where(eq(operationRecords.alertId, alertId))).toEqual([]);
  });
});

describe('Slack follows the database', () => {
  it('a bot stopped right after a procedure committed: the next start repairs the message and posts the record', async () => {
    const first = await start();
    const { alertId, ts } = await raise();
    await d.click(A.policy, ts);
    await d.modal(V.policy);
    await eventually(() => notes(ts).some((n) => CLAIM_NOTE.test(n)));
    await first.stop();
    // The handler's transaction commits, then the process is gone before any Slack call.
    await explainCancellationPolicy({ db: t.database.db, clock, timeZone: 'Asia/Tokyo' }, { alertId, userId: 'U0SATO', record: { durationMinutes: null, note: null } });
    expect(buttonsOf(t.h.fake.message(ALERTS_CHANNEL, ts)!).length).toBeGreaterThan(0);
    await start();
    await repaired(ts);
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    expect(row!.slackSyncedHistoryId).not.toBeNull();
  });

  it('a chat.update Slack fails is repaired by the job, and the operator is not told to try again', async () => {
    await start();
    const { ts } = await raise();
    t.h.fake.failNext('chat.update', { error: 'internal_error' });
    t.h.fake.failNext('chat.update', { status: 503 }, 3);
    await d.click(A.policy, ts);
    await d.modal(V.policy);
    await d.submit({});
    await repaired(ts);
    const updates = t.h.fake.callsTo('chat.update').map((c) => c.status);
    expect(updates.slice(0, 4)).toEqual([200, 503, 503, 503]);
    expect(JSON.stringify(t.h.fake.ephemerals('U0SATO'))).not.toContain(TRY_AGAIN);
  }, 60_000);

  it('the form appears while the claim notes are rate-limited; they follow when Slack lets them', async () => {
    await start();
    const { ts } = await raise();
    t.h.fake.outage({ status: 429, retryAfter: 1 }, ['chat.update', 'chat.postMessage']);
    await d.click(A.policy, ts);
    const form = await d.modal(V.policy);
    expect(form.callback_id).toBe(V.policy);
    await eventually(() => t.h.fake.callsTo('chat.update').some((c) => c.status === 429));
    expect(notes(ts)).toEqual([]);
    t.h.fake.endOutage();
    await eventually(() => notes(ts).some((n) => CLAIM_NOTE.test(n)), 30_000);
    expect(buttonsOf(t.h.fake.message(ALERTS_CHANNEL, ts)!)).toEqual(expect.arrayContaining(HANDOVER_BUTTONS));
  }, 60_000);
});
