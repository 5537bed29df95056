/**
 * 一般問い合わせ (manual §2.2, §5.2: 低, 24時間以内) as an alert of kind `inquiry`. Its `details`
 * say where it came from (`/qrv inquiry` or the inquiry mailbox), what was asked, and the
 * reservations it could be matched to. Pure.
 */
import { RESERVATION_ID_PATTERN } from './reservation-status.js';

export interface InquiryDetails {
  source: 'command' | 'mail';
  /** What was asked: the operator's text, or the mail's first lines. */
  summary: string;
  /** `/qrv inquiry`: the operator who recorded it. */
  raisedBy?: string;
  /** Reservation IDs the inquiry names or could be matched to (newest first). */
  matched: string[];
  /** Mail: sender, subject, Message-ID (the reply's In-Reply-To). */
  from?: string;
  subject?: string;
  messageId?: string;
  /** Mail: the address a reply goes to, and the thread's References (for the reply's headers). */
  replyTo?: string;
  references?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** Reads an inquiry alert's details as stored (anything missing or malformed is left out). */
export function inquiryDetailsOf(details: Record<string, unknown>): InquiryDetails {
  const matched = Array.isArray(details.matched) ? details.matched.filter((m): m is string => typeof m === 'string' && RESERVATION_ID_PATTERN.test(m)) : [];
  const optional = {
    raisedBy: str(details.raised_by),
    from: str(details.from),
    subject: str(details.subject),
    messageId: str(details.message_id),
    replyTo: str(details.reply_to),
    references: str(details.references),
  };
  return {
    source: details.source === 'mail' ? 'mail' : 'command',
    summary: str(details.summary) ?? '',
    matched,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** The stored form of an inquiry's details (snake_case, like the core's). */
export function inquiryDetailsRow(d: InquiryDetails): Record<string, unknown> {
  return {
    source: d.source,
    summary: d.summary,
    matched: d.matched,
    ...(d.raisedBy ? { raised_by: d.raisedBy } : {}),
    ...(d.from ? { from: d.from } : {}),
    ...(d.subject ? { subject: d.subject } : {}),
    ...(d.messageId ? { message_id: d.messageId } : {}),
    ...(d.replyTo ? { reply_to: d.replyTo } : {}),
    ...(d.references ? { references: d.references } : {}),
  };
}

/** The reservations 予約を確認 shows: the alert's own, then the matched ones. */
export function inquiryReservationIds(alertReservationId: string | null, d: InquiryDetails): string[] {
  return [...new Set([...(alertReservationId ? [alertReservationId] : []), ...d.matched])];
}
