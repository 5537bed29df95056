/**
 * A mail from the inquiry mailbox (manual §2.2 「inquiry@ のメールを確認」) as the bot reads it:
 * who sent it, the subject, the first lines of the text, and what it may be about (reservation
 * IDs, phone numbers). Pure.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { phoneLookupKey } from './client-query.js';

export interface InquiryMail {
  /** The Message-ID header (`<…@…>`); absent on some mails. */
  messageId?: string;
  /** Sender address, and the display form (`山田 花子 <hanako@example.com>`). */
  fromAddress?: string;
  fromDisplay: string;
  subject: string;
  text: string;
  /** The References header, for the reply's References. */
  references?: string;
  /** Where it was read: the mailbox, its UIDVALIDITY and the UID (the key when there is no Message-ID). */
  mailbox: string;
  uidValidity: string;
  uid: number;
}

/** Whether the mailbox can be read; a failure's kind and what the operator reads. */
export type IntakeStatus = { ok: true } | { ok: false; code: 'auth' | 'network' | 'mailbox' | 'other'; messageJa: string };

/** How the same mail is recognised across polls, restarts and instances (alerts.ingest_key, unique). */
export function mailIngestKey(mail: Pick<InquiryMail, 'messageId' | 'mailbox' | 'uidValidity' | 'uid'>): string {
  const id = mail.messageId?.trim();
  return id ? `mail:${id}` : `mail-uid:${mail.mailbox}:${mail.uidValidity}:${mail.uid}`;
}

const SUMMARY_LINES = 8;
const SUMMARY_CHARS = 800;

/** The first lines of the mail's own text: quoted lines (`>`), the signature (`-- `) and blank runs dropped. */
export function mailSummary(text: string): string {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw === '-- ' || raw === '--') break;
    if (/^\s*>/.test(raw)) continue;
    const line = raw.trimEnd();
    if (!line && (lines.length === 0 || lines.at(-1) === '')) continue;
    lines.push(line);
    if (lines.filter(Boolean).length >= SUMMARY_LINES) break;
  }
  const summary = lines.join('\n').trim();
  return summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS)}…` : summary;
}

/** Reservation IDs written in the text (QRV-A1B2C3, any case, full-width folded), first seen first. */
export function reservationIdsIn(text: string): string[] {
  const found = text.normalize('NFKC').toUpperCase().match(/\bQRV-[A-Z0-9]{6}\b/g) ?? [];
  return [...new Set(found)];
}

/** Lookup keys of the phone numbers written in the text (src/domain/client-query.ts). */
export function phoneKeysIn(text: string): string[] {
  const keys = findPhoneNumbersInText(text.normalize('NFKC'), 'JP')
    .map((f) => phoneLookupKey(f.number.number))
    .filter((k): k is string => k !== undefined);
  return [...new Set(keys)].slice(0, 5);
}
