import { beforeEach, describe, expect, it } from 'vitest';
import { CHANGE_ACTIONS as A, CHANGE_VIEWS as V } from '../../src/views/ids/procedures/change-request.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { useBotTest } from '../support/bot.js';
import { DAY_BEFORE, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'calling', amountJpy: 12000 });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'change_request' });
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
});

/** 変更依頼 → 承諾, the form open with the reservation's amount (¥12,000). */
async function openAccept() {
  const { alertId, ts } = await d.raise('change_request', { shop_id: SHIBUYA_AROMA.id, change: 'コースを変更' });
  await d.click(A.accept, ts);
  await d.modal(V.accept);
  return { alertId, ts };
}

describe('金額 entered in a form (issue #9)', () => {
  it('only plain digits: 1e6 and 0x10 are refused, nothing written', async () => {
    await openAccept();
    for (const value of ['1e6', '0x10', '12.5', '12,000']) {
      const res = await d.submit({ [C.amount]: { value } });
      expect(res.ack.payload.errors).toEqual({ [C.amount]: '金額は数字のみで入力してください（例: 12000）' });
    }
    expect((await d.state()).links).toEqual([]);
  });

  it('outside 50–200 % of the reservation: both figures shown, sent only once confirmed', async () => {
    const { alertId, ts } = await openAccept();
    const first = await d.submit({ [C.amount]: { value: '120000' } });
    expect(first.ack.payload.errors).toEqual({
      [C.amount]: '入力した金額 ¥120,000 は予約の金額 ¥12,000 の50〜200%の範囲外です。正しければ「金額の確認」にチェックして、もう一度送信してください',
    });
    expect((await d.state()).reservation.amountJpy).toBe(12000);
    await d.submit({ [C.amount]: { value: '120000' }, [C.amountConfirm]: { value: ['confirmed'] } });
    await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.amountJpy).toBe(120000);
    expect(s.links[0]!.amountJpy).toBe(120000);
  });

  it('above ¥1,000,000 needs the confirmation too; a normal change does not', async () => {
    await openAccept();
    const big = await d.submit({ [C.amount]: { value: '1500000' } });
    expect(big.ack.payload.errors?.[C.amount]).toContain('入力した金額 ¥1,500,000 は ¥1,000,000 を超えています（予約の金額: ¥12,000）');
    const normal = await d.submit({ [C.amount]: { value: '15000' } });
    expect(normal.ack.payload.errors).toBeUndefined();
  });
});
