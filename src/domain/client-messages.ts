import { formatTimeRange } from './time.js';

/**
 * What the client receives (SMS and e-mail). The e-mail subject and the 「現在、予約できませんでした」
 * notice are the manual's (§3.1 手順3-C, §3.2 手順3); the payment link itself is created when the
 * message is delivered, so bodies carry PAYMENT_URL until then.
 */
export const PAYMENT_URL = '{{payment_url}}';
export const PAYMENT_DEADLINE_MINUTES = 10;

export interface ReservationFacts {
  id: string;
  service: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
}

export const yen = (amount: number) => `¥${amount.toLocaleString('ja-JP')}`;

export function paymentLinkSms(r: ReservationFacts, timeZone: string): string {
  return (
    `【Qualfia予約代行】ご予約（予約ID: ${r.id} / ${r.service} ${formatTimeRange(r.startsAt, r.endsAt, timeZone)}）の決済リンクです。` +
    `${PAYMENT_DEADLINE_MINUTES}分以内に決済を完了してください。${PAYMENT_URL}`
  );
}

export function paymentLinkEmailSubject(reservationId: string): string {
  return `【Qualfia予約代行】決済リンクのお知らせ（予約ID: ${reservationId}）`;
}

function paymentLinkEmailLines(r: ReservationFacts, amountJpy: number, timeZone: string): string[] {
  return [
    `予約ID: ${r.id}`,
    `サービス: ${r.service}`,
    `日時: ${formatTimeRange(r.startsAt, r.endsAt, timeZone)}`,
    `住所: ${r.address}`,
    `金額: ${yen(amountJpy)}`,
  ];
}

/** The payment-link e-mail of manual §3.2 手順3: the reservation and the link. */
export function paymentLinkEmail(r: ReservationFacts, amountJpy: number, timeZone: string): { subject: string; text: string; html: string } {
  const lines = paymentLinkEmailLines(r, amountJpy, timeZone);
  const deadline = `※送信から${PAYMENT_DEADLINE_MINUTES}分以内に決済を完了してください。期限を過ぎると予約は自動キャンセルされます。`;
  const text = ['Qualfia予約代行をご利用いただきありがとうございます。', '', '【ご予約内容】', ...lines, '', `決済リンク: ${PAYMENT_URL}`, deadline].join('\n');
  const html = [
    '<p>Qualfia予約代行をご利用いただきありがとうございます。</p>',
    '<p><strong>【ご予約内容】</strong><br>',
    lines.map(escapeHtml).join('<br>'),
    '</p>',
    `<p>決済リンク: <a href="${PAYMENT_URL}">${PAYMENT_URL}</a></p>`,
    `<p>${escapeHtml(deadline)}</p>`,
  ].join('\n');
  return { subject: paymentLinkEmailSubject(r.id), text, html };
}

/** Manual §3.1 手順3-C: 依頼者にSMSで「現在、予約できませんでした」と通知. */
export function notBookedSms(reservationId: string): string {
  return `【Qualfia予約代行】現在、予約できませんでした（予約ID: ${reservationId}）`;
}

export function fillPaymentUrl(text: string, url: string): string {
  return text.split(PAYMENT_URL).join(url);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
