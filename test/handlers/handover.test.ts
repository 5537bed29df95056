import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts, history } from '../../src/db/schema.js';
import { CLAIM_ALERT_ACTION, HANDOVER_ACTIONS as H, HANDOVER_FIELDS as F, HANDOVER_VIEWS as V } from '../../src/views/ids/alerts.js';
import { ALL_SHOPS_NG_ACTIONS, ALL_SHOPS_NG_FIELDS, ALL_SHOPS_NG_VIEWS } from '../../src/views/ids/procedures/all-shops-ng.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { buttonsOf, messageText, procedureDriver } from '../support/procedures.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
const ENV = { QRV_OPERATORS: 'U0SATO,U0TANAKA,U0SUZUKI' };

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

/** A 全店NG alert (期限 1時間; or another kind) raised by the core at a JST time and posted by the bot. */
async function raised(at: string, kind = 'all_shops_ng') {
  const [row] = await t.database.db.insert(alerts).values({ kind, reservationId: AROMA_RESERVATION.id, createdAt: jst(at) }).returning({ id: alerts.id });
  const posted = await eventually(async () => {
    const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id));
    return r?.slackTs ? r : undefined;
  });
  return { id: row!.id, ts: posted.slackTs! };
}

const row = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
const click = (actionId: string, ts: string, userId: string) => t.h.fake.clickButton({ actionId, userId, channel: ALERTS_CHANNEL, messageTs: ts });
const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const waitReply = (ts: string, pattern: RegExp) => eventually(() => replies(ts).find((r) => pattern.test(r)));
const assigneeIs = (id: number, who: string | null) => eventually(async () => (await row(id)).assignee === who);
const actions = async (id: number) => (await t.database.db.select().from(history).where(eq(history.alertId, id))).map((e) => [e.action, e.actor, e.before?.assignee ?? null, e.after?.assignee ?? null]);

async function claimedBySato(at: string, kind?: string) {
  const a = await raised(at, kind);
  await click(CLAIM_ALERT_ACTION, a.ts, 'U0SATO');
  await waitReply(a.ts, /対応を開始しました/);
  await eventually(() => buttonsOf(t.h.fake.message(ALERTS_CHANNEL, a.ts)!).includes(H.takeOver));
  return a;
}

describe('hand-over', () => {
  it('担当を外す: back to 未対応 with a thread note; only the assignee may release', async () => {
    const clock = fixedClock('2026-11-30 11:00');
    await t.h.start({ clock, env: ENV });
    const { id, ts } = await claimedBySato('2026-11-30 10:50');
    expect(buttonsOf(t.h.fake.message(ALERTS_CHANNEL, ts)!)).toEqual(expect.arrayContaining([H.release, H.takeOver, H.reassign, H.progress, H.hold]));

    await click(H.release, ts, 'U0TANAKA');
    expect((await eventually(() => t.h.fake.ephemerals('U0TANAKA')[0])).text).toContain('担当を外せるのは担当者（<@U0SATO>）だけです');

    await click(H.release, ts, 'U0SATO');
    await waitReply(ts, /^↩️ <@U0SATO> さんが担当を外しました。未対応に戻りました/);
    expect((await row(id)).assignee).toBeNull();
    const message = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    expect(buttonsOf(message)[0]).toBe(CLAIM_ALERT_ACTION);
    expect(messageText(message)).not.toContain('担当: <@');

    // Released: another operator takes it at once.
    await click(CLAIM_ALERT_ACTION, ts, 'U0TANAKA');
    await assigneeIs(id, 'U0TANAKA');
    expect(await actions(id)).toEqual([
      ['alert.claimed', 'U0SATO', null, 'U0SATO'],
      ['alert.released', 'U0SATO', 'U0SATO', null],
      ['alert.claimed', 'U0TANAKA', null, 'U0TANAKA'],
    ]);
  });

  it('引き継ぐ before the deadline: a confirmation naming the assignee, then taken; 所要時間 keeps counting from the first open', async () => {
    const clock = fixedClock('2026-11-30 11:00');
    await t.h.start({ clock, env: ENV });
    const { id, ts } = await raised('2026-11-30 10:50');
    const d = procedureDriver(t.h, t.database.db);
    await d.click(ALL_SHOPS_NG_ACTIONS.cancel, ts, 'U0SATO'); // Sato opens C at 11:00 (claims it)
    const c = await d.modal(ALL_SHOPS_NG_VIEWS.cancel, 'U0SATO');
    await t.h.fake.closeView({ userId: 'U0SATO', viewId: c.id });
    await assigneeIs(id, 'U0SATO');
    // The message shows the claim (and its hand-over buttons) once its update went out.
    await eventually(() => buttonsOf(t.h.fake.message(ALERTS_CHANNEL, ts)!).includes(H.takeOver));

    clock.set('2026-11-30 11:20');
    await click(H.takeOver, ts, 'U0TANAKA');
    const confirm = await d.modal(V.takeOverConfirm, 'U0TANAKA');
    expect(JSON.stringify(confirm.blocks)).toContain('このアラートは <@U0SATO> さんが対応中です（対応期限前）');
    expect((await row(id)).assignee).toBe('U0SATO'); // nothing changes before the confirmation
    await d.submit({}, 'U0TANAKA');
    await waitReply(ts, /^🔁 <@U0TANAKA> さんが <@U0SATO> さんから引き継ぎました（確認済み）。$/);
    await assigneeIs(id, 'U0TANAKA');
    expect(messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!)).toContain('担当: <@U0TANAKA>（対応開始 11:20）');

    clock.set('2026-11-30 11:30');
    await d.click(ALL_SHOPS_NG_ACTIONS.cancel, ts, 'U0TANAKA');
    const form = await d.modal(ALL_SHOPS_NG_VIEWS.cancel, 'U0TANAKA');
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"30"');
    clock.set('2026-11-30 11:35');
    await d.submit({ [ALL_SHOPS_NG_FIELDS.consent]: { value: ['consent'] } }, 'U0TANAKA');
    const { alert } = await d.finished(id, ts);
    expect(alert.resolvedBy).toBe('U0TANAKA');
    expect((await d.state()).records[0]!.durationMinutes).toBe(35);
    expect((await actions(id)).slice(0, 2)).toEqual([
      ['alert.claimed', 'U0SATO', null, 'U0SATO'],
      ['alert.taken_over', 'U0TANAKA', 'U0SATO', 'U0TANAKA'],
    ]);
  });

  it('引き継ぐ past the deadline: at once, no confirmation; a confirmation is refused if the assignee changed meanwhile', async () => {
    const clock = fixedClock('2026-11-30 11:00');
    await t.h.start({ clock, env: ENV });
    const late = await claimedBySato('2026-11-30 09:30');
    await click(H.takeOver, late.ts, 'U0TANAKA');
    await waitReply(late.ts, /^🔁 <@U0TANAKA> さんが <@U0SATO> さんから引き継ぎました（対応期限超過のため確認なし）。$/);
    expect(t.h.fake.openViews('U0TANAKA')).toEqual([]);

    // Another problem of the same reservation (the same kind would be a repeat in late's thread).
    const early = await claimedBySato('2026-11-30 10:50', 'change_request');
    await click(H.takeOver, early.ts, 'U0TANAKA');
    await eventually(() => t.h.fake.openViews('U0TANAKA').at(-1)?.callback_id === V.takeOverConfirm);
    // Meanwhile Sato hands it to Suzuki: the confirmation named Sato, so it is refused.
    await click(H.reassign, early.ts, 'U0SATO');
    await eventually(() => t.h.fake.openViews('U0SATO').at(-1)?.callback_id === V.reassign);
    await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.assignee]: { value: { selected_user: 'U0SUZUKI' } } } });
    await assigneeIs(early.id, 'U0SUZUKI');
    await t.h.fake.submitView({ userId: 'U0TANAKA', values: {} });
    expect((await eventually(() => t.h.fake.ephemerals('U0TANAKA').find((e) => e.text.includes('担当者が変わりました')))).text).toContain('現在: <@U0SUZUKI>');
    expect((await row(early.id)).assignee).toBe('U0SUZUKI');
  });

  it('担当者を変更: only an operator can be chosen; the change is a thread note and history', async () => {
    await t.h.start({ clock: fixedClock('2026-11-30 11:00'), env: ENV });
    const { id, ts } = await claimedBySato('2026-11-30 10:50');
    await click(H.reassign, ts, 'U0TANAKA');
    await eventually(() => t.h.fake.openViews('U0TANAKA').at(-1)?.callback_id === V.reassign);
    const refused = await t.h.fake.submitView({ userId: 'U0TANAKA', values: { [F.assignee]: { value: { selected_user: 'U0GUEST' } } } });
    expect(refused.ack.payload).toEqual({ response_action: 'errors', errors: { [F.assignee]: 'オペレーター（QRV_OPERATORS）ではないため担当にできません' } });
    expect((await row(id)).assignee).toBe('U0SATO');

    await t.h.fake.submitView({ userId: 'U0TANAKA', values: { [F.assignee]: { value: { selected_user: 'U0SUZUKI' } } } });
    await waitReply(ts, /^🔁 <@U0TANAKA> さんが担当者を変更しました: <@U0SATO> → <@U0SUZUKI>$/);
    expect((await row(id)).assignee).toBe('U0SUZUKI');
    expect((await actions(id)).at(-1)).toEqual(['alert.reassigned', 'U0TANAKA', 'U0SATO', 'U0SUZUKI']);
  });

  it('someone not in QRV_OPERATORS cannot take over', async () => {
    await t.h.start({ clock: fixedClock('2026-11-30 11:00'), env: ENV });
    const { id, ts } = await claimedBySato('2026-11-30 09:00');
    await click(H.takeOver, ts, 'U0GUEST');
    expect((await eventually(() => t.h.fake.ephemerals('U0GUEST')[0])).text).toContain('オペレーターのみ');
    expect((await row(id)).assignee).toBe('U0SATO');
  });
});
