import type { Db } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import { RESERVATION_ID_PATTERN } from '../domain/reservation-status.js';
import { cleanTypedText } from '../domain/typed-text.js';
import { DomainError } from '../errors.js';
import { localDay } from '../metrics/period.js';
import { inquiryDetailsRow } from '../domain/inquiry.js';
import { createOperatorRecordsRepository } from '../repositories/operator-records.js';
import { createReservationsRepository } from '../repositories/reservations.js';
import { raiseAlert } from './raise-alert.js';

export const INQUIRY_USAGE = '使い方: `/qrv inquiry [QRV-XXXXXX] 内容`（例: `/qrv inquiry QRV-A1B2C3 決済期限切れの問い合わせ、再予約を案内`）';
export const INCIDENT_USAGE = '使い方: `/qrv incident 内容`（例: `/qrv incident Bland.ai障害で電話発信が停止 10:05-10:40`）';
const MAX_SUMMARY = 2000;

type Deps = { db: Db; clock: Clock; timeZone: string };

function summaryOf(text: string, usage: string): string {
  const summary = cleanTypedText(text);
  if (!summary) throw new DomainError('RECORD_EMPTY', `内容を入力してください。${usage}`);
  if (summary.length > MAX_SUMMARY) throw new DomainError('RECORD_TOO_LONG', `内容は${MAX_SUMMARY}文字以内にしてください。`);
  return summary;
}

/**
 * 問い合わせ対応 (manual §2.2): one inquiry, optionally about a reservation, counted at 18:00, and
 * in the same transaction an `inquiry` alert (一般問い合わせ, 24時間以内) so its answer is tracked.
 * A reservation ID that does not exist is kept in the count but not linked to the alert.
 */
export async function recordInquiry({ db, clock, timeZone }: Deps, { text, userId }: { text: string; userId: string }) {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const reservationId = RESERVATION_ID_PATTERN.test(first.toUpperCase()) ? first.toUpperCase() : null;
  const summary = summaryOf(reservationId ? rest.join(' ') : text, INQUIRY_USAGE);
  const at = clock.now();
  return db.transaction(async (tx) => {
    const repo = createOperatorRecordsRepository({ db: tx });
    await repo.addInquiry({ summary, reservationId, actor: userId, at });
    const found = reservationId ? await createReservationsRepository({ db: tx }).findById(reservationId) : undefined;
    const details = inquiryDetailsRow({ source: 'command', summary, raisedBy: userId, matched: found ? [found.id] : [] });
    const alert = await raiseAlert({ db: tx }, { kind: 'inquiry', reservationId: found?.id ?? null, details, createdAt: at });
    const todayCount = await repo.countInquiries(localDay(at, timeZone));
    return { reservationId, reservationFound: Boolean(found), summary, todayCount, alertId: alert.id };
  });
}

/** インシデント (manual §7): one incident. Returns today's count. */
export async function recordIncident({ db, clock, timeZone }: Deps, { text, userId }: { text: string; userId: string }) {
  const summary = summaryOf(text, INCIDENT_USAGE);
  const repo = createOperatorRecordsRepository({ db });
  const at = clock.now();
  await repo.addIncident({ summary, actor: userId, at });
  return { summary, todayCount: await repo.countIncidents(localDay(at, timeZone)) };
}

/** 特記事項 of a day (manual §2.3), written from the 18:00 post; replaces an earlier note. */
export async function saveDailyNote({ db, clock }: Omit<Deps, 'timeZone'>, { day, note, userId }: { day: string; note: string; userId: string }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new DomainError('BAD_DAY', `日付が正しくありません: ${day}`);
  const text = cleanTypedText(note);
  if (text.length > MAX_SUMMARY) throw new DomainError('RECORD_TOO_LONG', `特記事項は${MAX_SUMMARY}文字以内にしてください。`);
  return createOperatorRecordsRepository({ db }).saveNote({ day, note: text, actor: userId, at: clock.now() });
}
