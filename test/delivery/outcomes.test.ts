import { beforeEach, describe, expect, it } from 'vitest';
import { AMBIGUOUS_ACTIONS as A, AMBIGUOUS_VIEWS as V } from '../../src/views/ids/procedures/ambiguous-answer.js';
import { OUTCOME_ACTIONS as O, OUTCOME_VIEWS as OV } from '../../src/views/ids/outcome.js';
import { SMS_FAILED_FIELDS as F } from '../../src/views/ids/procedures/sms-failed.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, HANDOVER_BUTTONS, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { useFakeProviders } from '../support/providers.js';
import { AROMA_RESERVATION, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
const p = useFakeProviders();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock: testClock(DAY_BEFORE), env: p.fakes.env() });
});

/** 曖昧な回答 → 予約OK: the payment link goes to the client by SMS (manual §3.4). */
async function ambiguousOk() {
  await seedReservation(t.database.db, { status: 'calling' });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'ambiguous' });
  const { alertId, ts } = await d.raise('ambiguous_answer', { shop_id: SHIBUYA_AROMA.id });
  await d.click(A.ok, ts);
  await d.modal(V.ok);
  await d.submit({});
  return { alertId, ts };
}

const thread = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const message = (ts: string) => t.h.fake.message(ALERTS_CHANNEL, ts)!;
const retryButton = (ts: string) => ((message(ts).attachments as Array<{ blocks: Array<{ type: string; elements?: Array<Record<string, unknown>> }> }>)[0]!.blocks.find((b) => b.type === 'actions')!.elements!)[0]!;

describe('outcome follows delivery', () => {
  it('an SMS the client opted out of (Twilio 21610): 要再対応 with the reason, the assignee mentioned, never ✅', async () => {
    p.fakes.twilio.fail({ kind: 'error', code: 21610, status: 400, message: 'Attempt to send to unsubscribed recipient' });
    const { alertId, ts } = await ambiguousOk();
    const { alert, results } = await d.finished(alertId, ts);
    expect(alert).toMatchObject({ deliveryState: 'failed', resolvedAt: null, assignee: 'U0SATO' });
    const text = messageText(message(ts));
    expect(text).not.toContain('✅ 完了');
    expect(text).toContain('*要再対応*: 予約OK');
    expect(text).toContain('⚠️ SMS送信失敗: 受信拒否（STOP）されています（Twilio 21610）');
    // 要再対応 is open work with an assignee: hand-over and progress buttons follow the outcome's own.
    expect(buttonsOf(message(ts))).toEqual([O.retry, O.contact, 'qrv_alert_detail', 'qrv_alert_logs', ...HANDOVER_BUTTONS]);
    // Resending to a number that failed for good asks first.
    expect(retryButton(ts).confirm).toMatchObject({ title: { text: '同じ番号に再送しますか？' } });
    expect(results.join('\n')).toContain('送信できませんでした');
    expect(await eventually(() => thread(ts).find((l) => l.startsWith('🔁 <@U0SATO> *要再対応*')))).toContain('受信拒否');
    // One problem, one alert: no separate SMS送信失敗 is raised for the procedure's own SMS.
    expect((await d.state()).alerts.map((a) => a.kind)).toEqual(['ambiguous_answer']);
  });

  it('再試行 after a failure goes through → ✅ 完了, and the link is sent', async () => {
    p.fakes.twilio.fail({ kind: 'error', code: 21211, status: 400 });
    const { alertId, ts } = await ambiguousOk();
    await d.finished(alertId, ts);
    await d.click(O.retry, ts);
    await eventually(() => thread(ts).find((l) => l.startsWith('🔁 <@U0SATO> さんが再試行しました')));
    const alert = await d.settled(alertId);
    expect(alert).toMatchObject({ deliveryState: 'delivered', resolvedBy: 'U0SATO' });
    await eventually(() => messageText(message(ts)).includes('✅ 完了: 予約OK'));
    expect(buttonsOf(message(ts))).toEqual([]);
    const s = await d.state();
    expect(s.reservation.status).toBe('payment_pending');
    expect(s.messages.map((m) => m.status)).toEqual(['sent']);
    expect(p.fakes.twilio.messages).toHaveLength(1);
  });

  it('the alternative: a corrected number is shown back before it replaces client_phone, then sent → ✅', async () => {
    p.fakes.twilio.fail({ kind: 'error', code: 21610, status: 400 });
    const { alertId, ts } = await ambiguousOk();
    await d.finished(alertId, ts);
    await d.click(O.contact, ts);
    await d.modal(OV.contact);
    const bad = await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '03-1234-5678' } });
    expect(bad.ack.payload.errors).toHaveProperty(F.phone);
    await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '09011112222' } });
    const confirm = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => JSON.stringify(v.blocks).includes('この番号に送信します')));
    expect(JSON.stringify(confirm.blocks)).toContain('この番号に送信します: *090-1111-2222*');
    expect((await d.state()).reservation.clientPhone).toBe('080-1234-5678');
    await d.submit({});
    await eventually(async () => (await d.state()).alerts[0]!.deliveryState === 'delivered');
    const s = await d.state();
    expect(s.reservation.clientPhone).toBe('090-1111-2222');
    expect(s.messages.map((m) => [m.recipient, m.status])).toEqual([['080-1234-5678', 'replaced'], ['090-1111-2222', 'sent']]);
    expect(p.fakes.twilio.messages.at(-1)!.to).toBe('+819011112222');
    await eventually(() => messageText(message(ts)).includes('✅ 完了: 予約OK'));
  });
});
