import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import { openAlerts } from '../../src/metrics/queries.js';
import { createRepositories } from '../../src/repositories/index.js';
import { PAYMENT_EXPIRED_ACTIONS } from '../../src/views/ids/procedures/payment-expired.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { type TestDatabase } from '../support/db.js';
import { DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

// Issue 9 item 6: one alert per problem. The same reservation and kind again while an alert is
// open (or 要再対応) goes into its thread, bumps its counter, and is resolved with it.

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'payment_expired', shopId: SHIBUYA_AROMA.id });
  d = procedureDriver(t.h, t.database.db);
});

const row = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
const topLevel = () => t.h.fake.messages(ALERTS_CHANNEL);
const thread = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
/** The open message, once it was re-rendered with `text`. */
const renderedWith = (ts: string, text: string) => eventually(() => messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!).includes(text));

describe('a repeat of an open alert', () => {
  it('goes into the open alert thread, not as a new message; the message counts it; the row is linked', async () => {
    await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const first = await d.raise('payment_expired');
    const second = await d.raise('payment_expired');

    expect(topLevel()).toHaveLength(1);
    expect(thread(first.ts)).toEqual([expect.stringMatching(/^🔁 同じ予約のアラートが再度発生しました（1回目の再発生 · 受信 .* · #\d+）/)]);
    expect(thread(first.ts)[0]).toContain(`#${second.alertId}）`);
    expect(thread(first.ts)[0]).toContain('このアラートの完了で一緒に完了になります');
    expect(t.h.fake.replies(ALERTS_CHANNEL, first.ts)[0]!.ts).toBe(second.ts);
    expect(await row(second.alertId)).toMatchObject({ duplicateOf: first.alertId, resolvedAt: null });
    expect((await row(first.alertId)).repeats).toBe(1);
    await renderedWith(first.ts, '🔁 再発生 1回（スレッド参照）');

    const third = await d.raise('payment_expired');
    expect(topLevel()).toHaveLength(1);
    expect(thread(first.ts)[1]).toContain('2回目の再発生');
    expect((await row(third.alertId)).duplicateOf).toBe(first.alertId);
    await renderedWith(first.ts, '🔁 再発生 2回（スレッド参照）');

    // Every open list holds the problem once; the history says what happened.
    expect((await openAlerts({ db: t.database.db })).rows.map((r) => r.id)).toEqual([first.alertId]);
    expect((await createRepositories({ db: t.database.db }).alerts.listOpen(10)).map((a) => a.id)).toEqual([first.alertId]);
    const history = await createRepositories({ db: t.database.db }).history.listForAlert(first.alertId);
    expect(history.map((e) => [e.action, e.after])).toEqual([
      ['alert.repeated', { repeats: 1, repeatAlertId: second.alertId }],
      ['alert.repeated', { repeats: 2, repeatAlertId: third.alertId }],
    ]);

    // Another kind for the same reservation is another problem: a message of its own.
    await d.raise('late_cancel');
    expect(topLevel()).toHaveLength(2);
  });

  it('names what the repeat says that the open alert does not', async () => {
    await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const first = await d.raise('change_request', { shop_id: SHIBUYA_AROMA.id, change: '希望時間を15:00→15:30に変更' });
    await d.raise('change_request', { shop_id: SHIBUYA_AROMA.id, change: '希望時間を15:00→16:00に変更' });
    const [note] = thread(first.ts);
    expect(note).toContain('今回のアラートの内容:\n変更内容: 希望時間を15:00→16:00に変更');
    expect(note).not.toContain('予約ID:');
  });

  it('is resolved with the open alert; after that the same problem is a new alert', async () => {
    await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const first = await d.raise('payment_expired');
    const second = await d.raise('payment_expired');
    await d.click(PAYMENT_EXPIRED_ACTIONS.acknowledge, first.ts);
    await d.finished(first.alertId, first.ts);

    const original = await row(first.alertId);
    expect(await row(second.alertId)).toMatchObject({ resolvedAt: original.resolvedAt, resolvedBy: 'U0SATO', outcome: original.outcome });
    expect(original.resolvedAt).not.toBeNull();

    // /qrv status lists the repeat as part of the original.
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: `status ${AROMA_RESERVATION.id}`, userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const card = JSON.stringify(await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => JSON.stringify(e).includes('予約 QRV-'))));
    expect(card).toContain(`🔁 再発生（#${first.alertId} のスレッドにまとめました・完了）`);

    const again = await d.raise('payment_expired');
    expect(topLevel()).toHaveLength(2);
    expect(topLevel()[1]!.ts).toBe(again.ts);
    expect((await row(again.alertId)).duplicateOf).toBeNull();
    expect((await row(first.alertId)).repeats).toBe(1);
  });

  it('goes into a 要再対応 alert too, and follows it: reopened with it, resolved when it is settled', async () => {
    await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const repos = createRepositories({ db: t.database.db });
    const first = await d.raise('late_cancel');
    const at = new Date(DAY_BEFORE);
    // The procedure finished, its refund failed for good: 要再対応 (open again).
    await repos.alerts.resolve({ id: first.alertId, userId: 'U0SATO', at, outcome: 'special' });
    await repos.alerts.markSending(first.alertId);
    await repos.alerts.settleDelivery({ id: first.alertId, state: 'failed', error: '返金失敗: 決済が見つかりません' });

    const second = await d.raise('late_cancel');
    expect(topLevel()).toHaveLength(1);
    expect(thread(first.ts)).toEqual([expect.stringContaining('同じ予約のアラートが再度発生しました')]);
    expect((await row(second.alertId)).duplicateOf).toBe(first.alertId);

    // 返金を手動で完了として記録: the original is done, and the repeat with it.
    await repos.alerts.reopenDelivery({ id: first.alertId, userId: 'U0TANAKA', at, state: 'sending' });
    expect(await row(second.alertId)).toMatchObject({ resolvedAt: at, resolvedBy: 'U0TANAKA' });
    // The retried refund failed again: both are open again.
    await repos.alerts.settleDelivery({ id: first.alertId, state: 'failed', error: '返金失敗' });
    expect(await row(second.alertId)).toMatchObject({ resolvedAt: null, resolvedBy: null, outcome: null });
    await repos.alerts.reopenDelivery({ id: first.alertId, userId: 'U0SATO', at, state: 'delivered' });
    expect(await row(second.alertId)).toMatchObject({ resolvedAt: at, resolvedBy: 'U0SATO' });
  });

  it('a note that reached Slack before a crash is found in the thread: not posted or counted twice', async () => {
    const bot = await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const first = await d.raise('payment_expired');
    const second = await d.raise('payment_expired');
    await renderedWith(first.ts, '🔁 再発生 1回');

    // A crash after chat.postMessage, before the ts was stored.
    await t.database.db.update(alerts).set({ slackTs: null, slackChannel: null, postLeaseUntil: null }).where(eq(alerts.id, second.alertId));
    await bot.dispatcher.drain();
    const recovered = await eventually(async () => (await row(second.alertId)).slackTs ?? undefined);
    expect(recovered).toBe(second.ts);
    expect(thread(first.ts)).toHaveLength(1);
    expect((await row(first.alertId)).repeats).toBe(1);
  });

  it('two bot instances thread a burst of repeats once each, counting each once', async () => {
    // On PostgreSQL the second instance has its own connections, as a second process would.
    const secondDb = t.database.url ? await openDatabase({ url: t.database.url }) : t.database;
    const one = await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    const two = await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports, database: secondDb as TestDatabase });
    const first = await d.raise('payment_expired');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await coreRaisesAlert(t.database.db, 'payment_expired', AROMA_RESERVATION.id));
    await Promise.all([one.dispatcher.drain(), two.dispatcher.drain()]);
    for (const id of ids) await eventually(async () => (await row(id)).slackTs ?? undefined);

    expect(topLevel()).toHaveLength(1);
    const notes = thread(first.ts);
    expect(notes).toHaveLength(6);
    const counts = notes.map((n) => Number(/（(\d+)回目の再発生/.exec(n)?.[1])).sort((a, b) => a - b);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await row(first.alertId)).repeats).toBe(6);
    for (const id of ids) expect((await row(id)).duplicateOf).toBe(first.alertId);
    await renderedWith(first.ts, '🔁 再発生 6回');
    if (secondDb !== t.database) {
      await two.stop();
      await secondDb.close();
    }
  });

  it('alerts raised together before the first is posted: the first gets the message, the others its thread', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await coreRaisesAlert(t.database.db, 'payment_expired', AROMA_RESERVATION.id));
    await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
    for (const id of ids) await eventually(async () => (await row(id)).slackTs ?? undefined);
    expect(topLevel()).toHaveLength(1);
    expect(topLevel()[0]!.ts).toBe((await row(ids[0]!)).slackTs);
    expect(thread(topLevel()[0]!.ts)).toHaveLength(2);
    expect((await row(ids[0]!)).repeats).toBe(2);
  });
});
