import { beforeEach, describe, expect, it } from 'vitest';
import { AMBIGUOUS_ACTIONS as A, AMBIGUOUS_VIEWS as V } from '../../src/views/ids/procedures/ambiguous-answer.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';
import { callAttempts } from '../../src/db/schema.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock, ports: d.ports });
});

async function ambiguous(amountJpy: number | null = 12000) {
  await seedReservation(t.database.db, { status: 'calling', amountJpy });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: DOGENZAKA.id, round: 1, outcome: 'ng' });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'ambiguous', note: '検討します' });
  return d.raise('ambiguous_answer', { shop_id: SHIBUYA_AROMA.id });
}

const outcomes = async () => (await t.database.db.select().from(callAttempts)).map((a) => [a.shopId, a.outcome]).sort();

describe('曖昧な回答', () => {
  it('予約OK: the shop is assigned, calling_success, the payment link by SMS → payment_pending', async () => {
    const { alertId, ts } = await ambiguous();
    await d.click(A.ok, ts);
    const form = await d.modal(V.ok);
    expect(JSON.stringify(form.blocks)).toContain('〇〇マッサージ店（SHOP-001）');
    clock.advance(4);
    await d.submit({});
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ status: 'payment_pending', shopId: SHIBUYA_AROMA.id });
    expect(await outcomes()).toEqual([[SHIBUYA_AROMA.id, 'ok'], [DOGENZAKA.id, 'ng']].sort());
    expect(d.ports.sms.sent.map((m) => m.to)).toEqual(['080-1234-5678']);
    expect(s.records[0]).toMatchObject({ durationMinutes: 4, result: '予約成立・決済待ち' });
    expect(messageText(message)).toContain('✅ 完了: 予約OK — <@U0SATO>, 4分');
    expect(buttonsOf(message)).toEqual([]);
  });

  it('予約OK without an amount on the reservation asks for it, once', async () => {
    const { alertId, ts } = await ambiguous(null);
    await d.click(A.ok, ts);
    await d.modal(V.ok);
    const missing = await d.submit({ [C.amount]: { value: '0' } });
    expect(missing.ack.payload.errors).toEqual({ [C.amount]: '金額は1円以上の整数で入力してください' });
    await d.submit({ [C.amount]: { value: '9800' } });
    await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.amountJpy).toBe(9800);
    expect(s.links[0]!.amountJpy).toBe(9800);
  });

  it('予約NG: that shop’s attempt becomes ng and the status calling, so the core goes on with the next shop', async () => {
    const { alertId, ts } = await ambiguous();
    await d.click(A.ng, ts);
    await d.modal(V.ng);
    await d.submit({ [C.note]: { value: '店長不在のため不可' } });
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ status: 'calling', shopId: null });
    expect(await outcomes()).toEqual([[SHIBUYA_AROMA.id, 'ng'], [DOGENZAKA.id, 'ng']].sort());
    expect([s.messages, s.links]).toEqual([[], []]);
    expect(s.records[0]!.summary).toBe('提携店に電話: 〇〇マッサージ店（SHOP-001）が予約NG。次の提携店に電話代行を再開（メモ: 店長不在のため不可）');
    expect(s.history.find((e) => e.action === 'call_attempt.outcome')).toMatchObject({ after: { shopId: 'SHOP-001', outcome: 'ng' } });
    expect(messageText(message)).toContain('✅ 完了: 予約NG（次の提携店へ）');
  });
});
