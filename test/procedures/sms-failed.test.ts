import { beforeEach, describe, expect, it } from 'vitest';
import { SMS_FAILED_ACTIONS as A, SMS_FAILED_FIELDS as F, SMS_FAILED_VIEWS as V } from '../../src/views/ids/procedures/sms-failed.js';
import { ProviderError, type SmsPort } from '../../src/ports/index.js';
import { useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  // The core could not text the payment link: the shop accepted, the number is one digit short.
  await seedReservation(t.database.db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
});

async function openForm(sms?: SmsPort) {
  await t.h.start({ clock, ports: sms ? { ...d.ports, sms } : d.ports });
  const raised = await d.raise('sms_failed', { error: '21211 invalid To number' });
  await d.click(A.record, raised.ts);
  const form = await d.modal(V.resend);
  return { ...raised, form };
}

describe('SMS送信失敗', () => {
  it('shows the registered number and that its format is wrong', async () => {
    const { form } = await openForm();
    const text = JSON.stringify(form.blocks);
    expect(text).toContain('*登録された電話番号*: 090-1234-567');
    expect(text).toContain('⚠️ 形式が正しくありません（例: 090-1234-5678）');
  });

  it('the client can receive SMS at a corrected number: the number is updated and the link resent by SMS', async () => {
    const { alertId, ts } = await openForm();
    clock.advance(9);
    await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '09012345678' } });
    // The corrected number is shown back before it replaces client_phone.
    const confirm = await d.modal(V.confirmPhone);
    expect(JSON.stringify(confirm.blocks)).toContain('この番号に送信します: *090-1234-5678*');
    expect((await d.state()).reservation.clientPhone).toBe('090-1234-567');
    await d.submit({});
    const { message, results } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ clientPhone: '090-1234-5678', status: 'payment_pending' });
    expect(s.messages.map((m) => [m.channel, m.recipient, m.status])).toEqual([['sms', '090-1234-5678', 'sent']]);
    expect(d.ports.sms.sent[0]!.to).toBe('090-1234-5678');
    expect(d.ports.sms.sent[0]!.body).toMatch(/決済リンクです。10分以内に決済を完了してください。http:\/\/localhost\/qrv-pay\/cs_local_/);
    expect(s.links[0]).toMatchObject({ status: 'open', sentAt: clock.now() });
    expect(s.records[0]!.summary).toBe('依頼者に電話: SMS受信可。電話番号を 090-1234-567 → 090-1234-5678 に訂正し、決済リンクをSMSで再送');
    expect(s.history.find((e) => e.action === 'reservation.changed')).toMatchObject({ before: { clientPhone: '090-1234-567' }, after: { clientPhone: '090-1234-5678' } });
    expect(messageText(message)).toContain('✅ 完了: SMS再送（電話番号を訂正） — <@U0SATO>, 9分');
    expect(buttonsOf(message)).toEqual([]);
    expect(results.join('\n')).toContain('SMS → 090-1234-5678 未送信（ローカル記録のみ）');
  });

  it('the client cannot receive SMS: the e-mail address is stored and the link goes by e-mail with the manual subject', async () => {
    const { alertId, ts } = await openForm();
    await d.submit({ [F.reachable]: { value: 'email' }, [F.email]: { value: { type: 'email_text_input', value: ' hanako@example.jp ' } } });
    const { results } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ clientEmail: 'hanako@example.jp', clientPhone: '090-1234-567', status: 'payment_pending' });
    expect(d.ports.sms.sent).toEqual([]);
    const mail = d.ports.mail.sent[0]!;
    expect(mail.to).toBe('hanako@example.jp');
    expect(mail.subject).toBe('【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-A1B2C3）');
    for (const part of ['予約ID: QRV-A1B2C3', 'サービス: Aroma Massage', '日時: 1月30日 14:00-17:00', '住所: 東京都渋谷区道玄坂1-2-3', '金額: ¥12,000']) {
      expect(mail.text).toContain(part);
    }
    expect(mail.text).toContain(`■ 決済リンク\n${s.links[0]!.url}`);
    expect(mail.text).toContain('お支払い期限: 12:10（このメールの送信から10分以内）');
    expect(mail.html).toContain(`<a href="${s.links[0]!.url}">`);
    expect(s.messages[0]).toMatchObject({ channel: 'email', subject: mail.subject, body: mail.text, status: 'sent' });
    expect(results.join('\n')).toContain('Email → hanako@example.jp 未送信（ローカル記録のみ）');
  });

  it('refuses a landline for SMS and a malformed e-mail address', async () => {
    await openForm();
    const landline = await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '03-1234-5678' } });
    expect(landline.ack.payload.errors).toEqual({ [F.phone]: 'SMSを受信できる携帯電話番号を入力してください（例: 090-1234-5678）' });
    const email = await d.submit({ [F.reachable]: { value: 'email' }, [F.email]: { value: { type: 'email_text_input', value: 'hanako@' } } });
    expect(email.ack.payload.errors).toEqual({ [F.email]: 'メールアドレスの形式が正しくありません（例: name@example.com）' });
    const s = await d.state();
    expect([s.messages, s.records]).toEqual([[], []]);
    expect(s.reservation.clientPhone).toBe('090-1234-567');
  });

  it('a provider refusal is shown in the thread; the status stays and the link deadline has not started', async () => {
    const refusing: SmsPort = {
      name: 'refusing',
      async send() {
        throw new ProviderError({ provider: 'twilio', code: 'SMS_UNSUBSCRIBED', retryable: false, providerCode: 21610, messageJa: '受信拒否（STOP）されています（Twilio 21610）' });
      },
    };
    const { alertId, ts } = await openForm(refusing);
    await d.submit({ [F.reachable]: { value: 'sms' }, [F.phone]: { value: '090-1234-5678' } });
    await d.modal(V.confirmPhone);
    await d.submit({});
    const { results } = await d.finished(alertId, ts);
    expect(results.join('\n')).toContain('SMS → 090-1234-5678 ⚠️ 送信失敗（決済リンク http://localhost/qrv-pay/');
    expect(results.join('\n')).toContain('受信拒否（STOP）されています（Twilio 21610）');
    const s = await d.state();
    expect(s.messages[0]).toMatchObject({ status: 'failed', tries: 1 });
    expect(s.links[0]).toMatchObject({ status: 'created', sentAt: null, expiresAt: null });
    expect(s.reservation.status).toBe('calling_success');
  });
});
