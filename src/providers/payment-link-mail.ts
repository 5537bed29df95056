/**
 * The payment-link e-mail of manual §3.2 手順3: subject
 * 【Qualfia予約代行】決済リンクのお知らせ（予約ID: QRV-XXXXXX）, body with the reservation and the
 * link, to be paid within 10 minutes. Pure: the caller sends it through the MailPort.
 */
import { formatClock, formatTimeRange } from '../domain/time.js';

export interface PaymentLinkMailInput {
  reservation: {
    id: string;
    service: string;
    startsAt: Date;
    endsAt: Date;
    address: string;
    amountJpy: number;
  };
  /** The Checkout Session URL. */
  url: string;
  /** When the bot expires the link (sent + 10 minutes). */
  expiresAt: Date;
  timeZone: string;
}

export interface BuiltMail {
  subject: string;
  text: string;
  html: string;
}

export const PAYMENT_DEADLINE_MINUTES = 10;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const formatYen = (amount: number) => `${new Intl.NumberFormat('ja-JP').format(amount)}円`;

export function paymentLinkSubject(reservationId: string): string {
  return `【Qualfia予約代行】決済リンクのお知らせ（予約ID: ${reservationId}）`;
}

export function buildPaymentLinkMail(input: PaymentLinkMailInput): BuiltMail {
  const { reservation: r, url, expiresAt, timeZone } = input;
  const link = new URL(url);
  if (link.protocol !== 'https:' && link.protocol !== 'http:') throw new Error(`payment link must be an http(s) URL, got ${link.protocol}`);
  const deadline = formatClock(expiresAt, timeZone);
  const rows: Array<[string, string]> = [
    ['予約ID', r.id],
    ['サービス', r.service],
    ['日時', formatTimeRange(r.startsAt, r.endsAt, timeZone)],
    ['住所', r.address],
    ['金額', formatYen(r.amountJpy)],
  ];
  const intro = [
    'Qualfia予約代行をご利用いただきありがとうございます。',
    'ご予約を承れる店舗が見つかりました。下記の決済リンクからお支払いをお願いいたします。',
  ];
  const deadlineLine = `お支払い期限: ${deadline}（このメールの送信から${PAYMENT_DEADLINE_MINUTES}分以内）`;
  const notice = `期限までにお支払いが確認できない場合、ご予約は自動的にキャンセルされます。`;
  const footer = ['Qualfia予約代行'];

  const text = [
    ...intro,
    '',
    '■ ご予約内容',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    '■ 決済リンク',
    url,
    '',
    deadlineLine,
    notice,
    '',
    ...footer,
  ].join('\n');

  const html = [
    '<!doctype html>',
    '<html lang="ja"><head><meta charset="utf-8"><title>' + escapeHtml(paymentLinkSubject(r.id)) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.6;">',
    ...intro.map((line) => `<p>${escapeHtml(line)}</p>`),
    '<h3>ご予約内容</h3>',
    '<table cellpadding="4" style="border-collapse: collapse;">',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '<h3>決済リンク</h3>',
    `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    `<p><strong>${escapeHtml(deadlineLine)}</strong><br>${escapeHtml(notice)}</p>`,
    `<p>${footer.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject: paymentLinkSubject(r.id), text, html };
}
