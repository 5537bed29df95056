import { formatClock, formatTimeRange } from './time.js';

/**
 * What the client receives (SMS and e-mail). The e-mail subject and the 「現在、予約できませんでした」
 * notice are the manual's (§3.1 手順3-C, §3.2 手順3). The payment link is created, and its
 * 10-minute deadline starts, when the message is delivered: until then bodies carry the
 * PAYMENT_URL and PAYMENT_DEADLINE placeholders, filled in by fillPaymentUrl at delivery.
 */
export const PAYMENT_URL = '{{payment_url}}';
export const PAYMENT_DEADLINE = '{{payment_deadline}}';
export const PAYMENT_DEADLINE_MINUTES = 10;

export interface ReservationFacts {
  id: string;
  service: string;
  startsAt: Date;
  endsAt: Date;
  address: string;
}

/** Built once: toLocaleString builds a formatter on every call (a form burst formats hundreds of amounts). */
const yenDigits = new Intl.NumberFormat('ja-JP');
export const yen = (amount: number) => `¥${yenDigits.format(amount)}`;

export function paymentLinkSms(r: ReservationFacts, timeZone: string): string {
  return (
    `【Qualfia予約代行】ご予約（予約ID: ${r.id} / ${r.service} ${formatTimeRange(r.startsAt, r.endsAt, timeZone)}）の決済リンクです。` +
    `${PAYMENT_DEADLINE_MINUTES}分以内に決済を完了してください。${PAYMENT_URL}`
  );
}

function paymentLinkSubject(reservationId: string): string {
  return `【Qualfia予約代行】決済リンクのお知らせ（予約ID: ${reservationId}）`;
}

export interface PaymentLinkMailInput {
  reservation: ReservationFacts & { amountJpy: number };
  /** The Checkout Session URL; PAYMENT_URL (filled in at delivery) when omitted. */
  url?: string;
  /** When the bot expires the link (sent + 10 minutes); PAYMENT_DEADLINE when omitted. */
  expiresAt?: Date;
  timeZone: string;
}

export interface BuiltMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The payment-link e-mail of manual §3.2 手順3: the manual's subject, a text and an HTML body
 * with the reservation, the link and the deadline. Pure; every value is escaped in the HTML.
 */
export function buildPaymentLinkMail(input: PaymentLinkMailInput): BuiltMail {
  const { reservation: r, timeZone } = input;
  const url = input.url ?? PAYMENT_URL;
  if (input.url !== undefined && !['https:', 'http:'].includes(new URL(url).protocol)) throw new Error(`payment link must be an http(s) URL, got ${url.split(':')[0]}:`);
  const deadline = input.expiresAt ? formatClock(input.expiresAt, timeZone) : PAYMENT_DEADLINE;
  const rows: Array<[string, string]> = [
    ['予約ID', r.id],
    ['サービス', r.service],
    ['日時', formatTimeRange(r.startsAt, r.endsAt, timeZone)],
    ['住所', r.address],
    ['金額', yen(r.amountJpy)],
  ];
  const intro = ['Qualfia予約代行をご利用いただきありがとうございます。', 'ご予約を承れる店舗が見つかりました。下記の決済リンクからお支払いをお願いいたします。'];
  const deadlineLine = `お支払い期限: ${deadline}（このメールの送信から${PAYMENT_DEADLINE_MINUTES}分以内）`;
  const notice = '期限までにお支払いが確認できない場合、ご予約は自動的にキャンセルされます。';
  const footer = 'Qualfia予約代行';
  const subject = paymentLinkSubject(r.id);

  const text = [...intro, '', '■ ご予約内容', ...rows.map(([k, v]) => `${k}: ${v}`), '', '■ 決済リンク', url, '', deadlineLine, notice, '', footer].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.6;">',
    ...intro.map((line) => `<p>${escapeHtml(line)}</p>`),
    '<h3>ご予約内容</h3>',
    '<table cellpadding="4" style="border-collapse: collapse;">',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '<h3>決済リンク</h3>',
    `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    `<p><strong>${escapeHtml(deadlineLine)}</strong><br>${escapeHtml(notice)}</p>`,
    `<p>${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** Manual §3.1 手順3-C: 依頼者にSMSで「現在、予約できませんでした」と通知. */
export function notBookedSms(reservationId: string): string {
  return `【Qualfia予約代行】現在、予約できませんでした（予約ID: ${reservationId}）`;
}

/** Fills the link (and, when given, the deadline) into a body queued with the placeholders. */
export function fillPaymentUrl(text: string, url: string, deadline?: string): string {
  const filled = text.split(PAYMENT_URL).join(url);
  return deadline === undefined ? filled : filled.split(PAYMENT_DEADLINE).join(deadline);
}

/**
 * Whether a body sent earlier is this queued text: the link filled in the same way, the deadline
 * (computed at each try) any HH:MM. Used before re-sending an SMS whose earlier try may have gone out.
 */
export function sameFilledText(template: string, url: string | undefined): (sent: string) => boolean {
  const filled = url === undefined ? template : fillPaymentUrl(template, url);
  const pattern = new RegExp(`^${filled.split(PAYMENT_DEADLINE).map(escapeRegExp).join('\\d{2}:\\d{2}')}$`);
  return (sent) => pattern.test(sent);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
