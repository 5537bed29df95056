import { beforeEach, describe, expect, it } from 'vitest';
import { DEADLINE_QUEUE } from '../../src/delivery/jobs.js';
import { OUTCOME_ACTIONS, OUTCOME_VIEWS } from '../../src/views/ids/outcome.js';
import { SMS_FAILED_ACTIONS as A, SMS_FAILED_FIELDS as F, SMS_FAILED_VIEWS as V } from '../../src/views/ids/procedures/sms-failed.js';
import type { SubmittedValues } from '../../src/fake-slack/view-state.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { DAY_BEFORE, procedureDriver, testClock } from '../support/procedures.js';
import { openJobs, useFakeProviders } from '../support/providers.js';
import { seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
const p = useFakeProviders();
let bot: RunningBot;
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'calling_success', shopId: SHIBUYA_AROMA.id, clientPhone: '090-1234-567' });
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
  bot = await t.h.start({ clock, env: p.fakes.env() });
});

/** The operator works an sms_failed alert: the link goes again by SMS, or by e-mail. */
async function resend(contact: { sms: string } | { email: string }, alert?: { alertId: number; ts: string }) {
  const { alertId, ts } = alert ?? (await d.raise('sms_failed', { error: '21211 invalid To number' }));
  await d.click(A.record, ts);
  await d.modal(V.resend);
  const values: SubmittedValues =
    'sms' in contact
      ? { [F.reachable]: { value: 'sms' }, [F.phone]: { value: contact.sms } }
      : { [F.reachable]: { value: 'email' }, [F.email]: { value: { type: 'email_text_input', value: contact.email } } };
  await d.submit(values);
  if ('sms' in contact) {
    await d.modal(V.confirmPhone);
    await d.submit({}); // 「この番号に送信します」
  }
  const done = await d.finished(alertId, ts);
  // The link's 10-minute check was scheduled when it went out (and ran at once: not due yet).
  await eventually(async () => (await openJobs(t.database.db, DEADLINE_QUEUE)) === 0);
  return { alertId, ts, ...done };
}

describe('payment links through the bot (real stripe, twilio and nodemailer SDKs against the fakes)', () => {
  it('a Checkout Session for the amount, with the reservation in its metadata and a key per link; the SMS carries it', async () => {
    const { alertId, results } = await resend({ sms: '090-1234-5678' });
    const [create, ...others] = p.fakes.stripe.requestsTo('POST', '/v1/checkout/sessions');
    expect(others).toEqual([]);
    expect(create!.form).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][currency]': 'jpy',
      'line_items[0][price_data][unit_amount]': '12000',
      'metadata[reservation_id]': 'QRV-A1B2C3',
      client_reference_id: 'QRV-A1B2C3',
    });
    expect(create!.idempotencyKey).toBe(`alert:${alertId}:payment_link`);
    const session = [...p.fakes.stripe.sessions.values()][0]!;
    expect(p.fakes.twilio.messages.map((m) => [m.to, m.from])).toEqual([['+819012345678', '+815012345678']]);
    expect(p.fakes.twilio.messages[0]!.body).toContain(`10分以内に決済を完了してください。${session.url}`);

    const s = await d.state();
    expect(s.links[0]).toMatchObject({ provider: 'stripe', sessionId: session.id, url: session.url, status: 'open', expiresAt: new Date(clock.now().getTime() + 600_000) });
    expect(s.messages[0]).toMatchObject({ provider: 'twilio', providerId: p.fakes.twilio.messages[0]!.sid, providerStatus: 'queued', status: 'sent', tries: 1 });
    expect(s.reservation.status).toBe('payment_pending');
    expect(results.join('\n')).toContain('📤 送信結果: SMS → 090-1234-5678 送信済み');
    expect(t.h.logs().find((l) => l.msg === 'QRV ops bot started')?.providers).toEqual({ sms: 'twilio', mail: 'smtp', payments: 'stripe' });

    // /qrv status shows the message: to, status, the link, the Twilio SID and the tries.
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-A1B2C3', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const card = JSON.stringify(await eventually(() => t.h.fake.ephemerals('U0SATO').at(-1)));
    expect(card).toContain(`SMS → 090-1234-5678 送信済み（決済リンク ${session.url}、期限 12:10） — ID ${p.fakes.twilio.messages[0]!.sid}、試行1回`);
  });

  it("the payment-link e-mail goes over SMTP with the manual's subject, the reservation, the link and the deadline", async () => {
    await resend({ email: 'hanako@example.jp' });
    const [mail, ...others] = p.fakes.smtp.received;
    expect(others).toEqual([]);
    const url = [...p.fakes.stripe.sessions.values()][0]!.url!;
    expect(mail!.envelope.to).toEqual(['hanako@example.jp']);
    expect(mail!.parsed.subject).toBe('【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-A1B2C3）');
    for (const part of ['予約ID: QRV-A1B2C3', 'サービス: Aroma Massage', '日時: 1月30日 14:00-17:00', '住所: 東京都渋谷区道玄坂1-2-3', '金額: ¥12,000', url, 'お支払い期限: 12:10']) {
      expect(mail!.parsed.text).toContain(part);
    }
    expect(mail!.parsed.html).toContain(`<a href="${url}">`);
    expect(p.fakes.twilio.messages).toEqual([]);
  });

  it('unpaid at 10 minutes: the session is expired through the API, payment_expired, and the info alert is posted', async () => {
    await resend({ sms: '090-1234-5678' });
    const link = (await d.state()).links[0]!;
    clock.advance(9);
    expect(await bot.delivery.checkDeadline(link.id)).toBe('not_due');
    expect(p.fakes.stripe.requestsTo('POST', /\/expire$/)).toEqual([]);

    clock.advance(1);
    const swept = await bot.delivery.sweep();
    expect(swept.deadlines).toEqual(['payment_expired']);
    expect(p.fakes.stripe.requestsTo('POST', `/v1/checkout/sessions/${link.sessionId}/expire`)).toHaveLength(1);
    expect(p.fakes.stripe.sessions.get(link.sessionId!)!.status).toBe('expired');
    const s = await d.state();
    expect(s.reservation.status).toBe('payment_expired');
    expect(s.links[0]!.status).toBe('expired');
    const info = s.alerts.find((a) => a.kind === 'payment_expired')!;
    expect(info.details).toMatchObject({ payment_link_id: link.id, session_id: link.sessionId });
    await eventually(async () => (await d.state()).alerts.find((a) => a.id === info.id)?.slackTs ?? undefined);
    expect(await bot.delivery.checkDeadline(link.id)).toBe('closed');
  });

  it('paid within 10 minutes: confirmed, the PaymentIntent stored, nothing expired', async () => {
    await resend({ sms: '090-1234-5678' });
    const link = (await d.state()).links[0]!;
    const pi = p.fakes.stripe.pay(link.sessionId!);
    clock.advance(10);
    expect(await bot.delivery.checkDeadline(link.id)).toBe('confirmed');
    const s = await d.state();
    expect(s.reservation.status).toBe('confirmed');
    expect(s.links[0]).toMatchObject({ status: 'complete', paymentIntentId: pi });
    expect(p.fakes.stripe.requestsTo('POST', /\/expire$/)).toEqual([]);
    expect(s.alerts.map((a) => a.kind)).toEqual(['sms_failed']);
  });

  it("a refused SMS makes its alert 要再対応 (no second alert); the operator's new link by e-mail supersedes and expires the old one", async () => {
    p.fakes.twilio.fail({ kind: 'error', code: 21610, status: 400, message: 'Attempt to send to unsubscribed recipient' });
    const first = await resend({ sms: '090-1234-5678' });
    expect(p.fakes.twilio.messageRequests).toHaveLength(1);
    expect(first.results.join('\n')).toContain('受信拒否（STOP）されています（Twilio 21610）');
    let s = await d.state();
    expect(s.messages[0]).toMatchObject({ status: 'failed', tries: 1, lastError: '受信拒否（STOP）されています（Twilio 21610）' });
    expect(s.alerts.map((a) => [a.id, a.deliveryState])).toEqual([[first.alertId, 'failed']]);

    await d.click(OUTCOME_ACTIONS.contact, first.ts);
    await d.modal(OUTCOME_VIEWS.contact);
    await d.submit({ [F.reachable]: { value: 'email' }, [F.email]: { value: { type: 'email_text_input', value: 'hanako@example.jp' } } });
    await eventually(() => t.h.fake.openViews('U0SATO').find((v) => JSON.stringify(v.blocks).includes('このアドレスに送信します')));
    await d.submit({});
    await eventually(async () => (await d.state()).alerts[0]!.deliveryState === 'delivered', 10_000);
    s = await d.state();
    const [old, fresh] = s.links;
    expect(p.fakes.stripe.requestsTo('POST', `/v1/checkout/sessions/${old!.sessionId}/expire`)).toHaveLength(1);
    expect([old!.status, fresh!.status]).toEqual(['expired', 'open']);
    expect(p.fakes.smtp.received[0]!.parsed.text).toContain(fresh!.url!);
    expect(s.history.map((e) => e.action)).toContain('payment_link.superseded');
    expect(s.reservation.status).toBe('payment_pending');
  });
});
