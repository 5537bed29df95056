import { beforeEach, describe, expect, it } from 'vitest';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { LATE_CANCEL_ACTIONS as A, LATE_CANCEL_FIELDS as F, LATE_CANCEL_VIEWS as V } from '../../src/views/ids/procedures/late-cancel.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, holdViewsOpen, messageText, procedureDriver, testClock, startProcedureTest } from '../support/procedures.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  ({ clock, d } = await startProcedureTest(t, 'confirmed'));
});

// Asked on 1月29日 11:00 JST: 21 hours after the deadline (48 h before 1月30日 14:00).
const raise = () => d.raise('late_cancel', { requested_at: '2026-01-29T02:00:00Z' });

describe('期限超過キャンセル', () => {
  it('the alert shows the deadline and how late the request came', async () => {
    const { ts } = await raise();
    expect(messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!)).toContain('キャンセル期限: 1月28日 14:00（超過、依頼は期限の21時間後）');
  });

  it('特別な事情あり, the shop agrees: cancelled and refunded', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    clock.advance(15);
    await d.submit({ [F.reason]: { value: '発熱のため（病院を受診）' }, [F.shopAnswer]: { value: 'agreed' } });
    const { message, results } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.status).toBe('cancelled');
    expect(s.refunds.map((r) => [r.amountJpy, r.status, r.provider])).toEqual([[12000, 'done', 'local']]);
    expect(d.ports.payments.refunds.map((r) => [r.reservationId, r.amountJpy])).toEqual([['QRV-A1B2C3', 12000]]);
    expect(s.records[0]).toMatchObject({ durationMinutes: 15, result: 'キャンセル・返金（返金完了でcancelled）' });
    expect(s.records[0]!.summary).toContain('特別な事情あり（発熱のため（病院を受診））: 提携店がキャンセルを承諾');
    expect(s.history.map((e) => e.action)).toContain('refund.done');
    expect(messageText(message)).toContain('✅ 完了: 期限超過キャンセル: 返金あり — <@U0SATO>, 15分');
    // No STRIPE_SECRET_KEY: the local stand-in recorded it, and says so on the alert itself.
    expect(messageText(message)).toContain('⚠️ 返金未実行（ローカル記録のみ）');
    expect(buttonsOf(message)).toEqual([]);
    expect(results.join('\n')).toContain('💴 返金 ¥12,000 返金未実行（ローカル記録のみ）（re_local_');
    expect(results.join('\n')).toContain('予約をキャンセルしました（cancelled）');
  });

  it('特別な事情あり, the shop refuses: no refund, the reservation stands, the client is told', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    await d.submit({ [F.reason]: { value: '交通事故' }, [F.shopAnswer]: { value: 'refused' } });
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.status).toBe('confirmed');
    expect(s.refunds).toEqual([]);
    expect(d.ports.payments.refunds).toEqual([]);
    expect(s.records[0]!.summary).toBe('特別な事情あり（交通事故）: 提携店にキャンセルを交渉したが拒否。依頼者に説明（返金なし）');
    expect(messageText(message)).toContain('✅ 完了: 期限超過キャンセル: 提携店が拒否（返金なし）');
  });

  it('特別な事情あり needs a reason', async () => {
    const { ts } = await raise();
    await d.click(A.special, ts);
    await d.modal(V.special);
    const result = await d.submit({ [F.reason]: { value: '   ' }, [F.shopAnswer]: { value: 'agreed' } });
    expect(result.ack.payload.errors).toEqual({ [F.reason]: 'キャンセル理由を入力してください' });
    const s = await d.state();
    expect(s.reservation.status).toBe('confirmed');
    expect([s.refunds, s.records]).toEqual([[], []]);
  });

  it('特別な事情なし: the policy is explained, no refund; an edited 所要時間 is kept', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.policy, ts);
    const form = await d.modal(V.policy);
    expect(JSON.stringify(form.blocks)).toContain('キャンセル期限（予約日時の48時間前）を過ぎたキャンセルは返金なし');
    clock.advance(3);
    await d.submit({ [C.duration]: { value: '5' } });
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.status).toBe('confirmed');
    expect(s.refunds).toEqual([]);
    expect(s.records[0]).toMatchObject({ summary: '特別な事情なし: 依頼者にキャンセルポリシーを説明（返金なし）', durationMinutes: 5, result: '返金なし（予約は有効）' });
    expect(messageText(message)).toContain('✅ 完了: 期限超過キャンセル: 特別な事情なし（返金なし） — <@U0SATO>, 5分');
  });

  it('所要時間 counts from the click even when Slack is slow to open the form (the claim runs after it)', async () => {
    const { alertId, ts } = await raise();
    const slowOpen = holdViewsOpen(t.h.fake);
    await d.click(A.policy, ts);
    await slowOpen.requested;
    clock.advance(15); // the form's views.open takes "15 minutes"; the claim comes after it
    slowOpen.release();
    await d.modal(V.policy);
    await eventually(async () => (await d.state()).alerts[0]!.assignee === 'U0SATO');
    await d.submit({});
    await d.finished(alertId, ts);
    expect((await d.state()).records[0]).toMatchObject({ durationMinutes: 15 });
  });
});
