import { buildPaymentLinkMail, paymentLinkSms, yen } from '../../domain/client-messages.js';
import { DomainError } from '../../errors.js';
import type { Operation } from './run.js';

const amountUnknown = () => new DomainError('AMOUNT_UNKNOWN', '金額が未設定のため決済リンクを作成できません。金額を入力してください。');

/**
 * Queues a payment link for the reservation and the message that carries it to the client
 * (SMS by default, or e-mail). The link is created and its 10-minute deadline starts when the
 * message is delivered. Keys are per alert: a replayed step queues nothing new.
 */
export async function queuePaymentLink(op: Pick<Operation, 'repos' | 'alert' | 'reservation' | 'actor' | 'timeZone' | 'key'>, via: { sms: string } | { email: string }): Promise<void> {
  const r = op.reservation;
  if (!r.amountJpy || r.amountJpy <= 0) throw amountUnknown();
  const link = await op.repos.outbox.enqueuePaymentLink({
    reservationId: r.id,
    alertId: op.alert.id,
    amountJpy: r.amountJpy,
    description: `${r.service}（予約ID: ${r.id}） ${yen(r.amountJpy)}`,
    requestedBy: op.actor,
    idempotencyKey: op.key('payment_link'),
  });
  const common = { reservationId: r.id, alertId: op.alert.id, paymentLinkId: link.id, requestedBy: op.actor };
  if ('sms' in via) {
    await op.repos.outbox.enqueueMessage({
      ...common,
      channel: 'sms',
      recipient: via.sms,
      body: paymentLinkSms(r, op.timeZone),
      idempotencyKey: op.key('payment_link:sms'),
    });
  } else {
    const mail = buildPaymentLinkMail({ reservation: { ...r, amountJpy: r.amountJpy }, timeZone: op.timeZone });
    await op.repos.outbox.enqueueMessage({
      ...common,
      channel: 'email',
      recipient: via.email,
      subject: mail.subject,
      body: mail.text,
      html: mail.html,
      idempotencyKey: op.key('payment_link:email'),
    });
  }
}
