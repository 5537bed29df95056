import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { reservations } from '../../src/db/schema.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { LATE_CANCEL_ACTIONS as A, LATE_CANCEL_FIELDS as F, LATE_CANCEL_VIEWS as V } from '../../src/views/ids/procedures/late-cancel.js';
import { useBotTest } from '../support/bot.js';
import { DAY_BEFORE, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'confirmed', shopId: SHIBUYA_AROMA.id });
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
});

const raise = () => d.raise('late_cancel', { requested_at: '2026-01-29T02:00:00Z' });

describe('what an operator types cannot break storage or text', () => {
  it('a NUL and other control characters in the reason are dropped; emoji are kept whole', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    const result = await d.submit({ [F.reason]: { value: '発熱\u0000のため👨‍👩‍👧\u0007' }, [F.shopAnswer]: { value: 'refused' }, [C.note]: { value: 'メモ\u0000あり' } });
    expect(result.ack.payload).toEqual({});
    await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.records[0]!.summary).toBe('特別な事情あり（発熱のため👨‍👩‍👧）: 提携店にキャンセルを交渉したが拒否。依頼者に説明（返金なし）（メモ: メモあり）');
  });

  it.each(['0x10', '1e2', '-5', '1.5'])('所要時間 %s is refused in the form (plain digits only), nothing written', async (typed) => {
    const { ts } = await raise();
    await d.click(A.policy, ts);
    await d.modal(V.policy);
    const result = await d.submit({ [C.duration]: { value: typed } });
    expect(result.ack.payload.errors).toEqual({ [C.duration]: '所要時間は0〜1440分の整数で入力してください' });
    expect((await d.state()).records).toEqual([]);
  });
});

describe('期限超過キャンセル on a reservation without an amount', () => {
  beforeEach(async () => {
    await t.database.db.update(reservations).set({ amountJpy: null }).where(eq(reservations.id, AROMA_RESERVATION.id));
  });

  it('承諾 without the refund amount is a field error before the modal closes; with it, that amount is refunded', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    const missing = await d.submit({ [F.reason]: { value: '発熱' }, [F.shopAnswer]: { value: 'agreed' } });
    expect(missing.ack.payload.errors).toEqual({ [C.amount]: '金額は1円以上の整数で入力してください' });
    expect((await d.state()).records).toEqual([]);
    await d.submit({ [F.reason]: { value: '発熱' }, [F.shopAnswer]: { value: 'agreed' }, [C.amount]: { value: '8000' } });
    await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.refunds.map((r) => [r.amountJpy, r.status])).toEqual([[8000, 'done']]);
  });

  it('拒否 needs no amount', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    const result = await d.submit({ [F.reason]: { value: '発熱' }, [F.shopAnswer]: { value: 'refused' } });
    expect(result.ack.payload).toEqual({});
    await d.finished(alertId, ts);
    expect((await d.state()).refunds).toEqual([]);
  });
});
