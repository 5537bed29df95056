import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { DomainError } from '../errors.js';

/** A half-open time range [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

/** A calendar day in the configured time zone (Asia/Tokyo by default). */
export interface LocalDay extends Period {
  /** yyyy-MM-dd */
  date: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export const WEEKDAY_LABELS = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** The local day containing `at`. */
export function localDay(at: Date, timeZone: string): LocalDay {
  const local = new TZDate(at.getTime(), timeZone);
  const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone);
  return dayStartingAt(start, timeZone);
}

/** The local day `offset` days after the one containing `at` (negative: before). */
export function shiftDay(day: LocalDay, offset: number, timeZone: string): LocalDay {
  const start = new TZDate(day.from.getTime(), timeZone);
  return dayStartingAt(addDays(start, offset), timeZone);
}

function dayStartingAt(start: TZDate, timeZone: string): LocalDay {
  const next = addDays(start, 1); // DST-safe in the zone's calendar
  return {
    date: format(start, 'yyyy-MM-dd'),
    weekday: start.getDay(),
    from: new Date(start.getTime()),
    to: new Date(new TZDate(next.getTime(), timeZone).getTime()),
  };
}

/** The local calendar month containing `at`, as a period, plus its label (2026年11月). */
export function localMonth(at: Date, timeZone: string): Period & { label: string; year: number; month: number } {
  const local = new TZDate(at.getTime(), timeZone);
  const from = new TZDate(local.getFullYear(), local.getMonth(), 1, timeZone);
  const to = new TZDate(local.getFullYear(), local.getMonth() + 1, 1, timeZone);
  return { from: new Date(from.getTime()), to: new Date(to.getTime()), label: `${from.getFullYear()}年${from.getMonth() + 1}月`, year: from.getFullYear(), month: from.getMonth() + 1 };
}

/** 11月30日(月) */
export function dayLabel(day: LocalDay): string {
  const [, m, d] = day.date.split('-');
  return `${Number(m)}月${Number(d)}日(${WEEKDAY_LABELS[day.weekday]})`;
}

/** The instant `hour:minute` on a local day. */
export function atLocalTime(day: LocalDay, hour: number, minute: number, timeZone: string): Date {
  const start = new TZDate(day.from.getTime(), timeZone);
  return new Date(new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), hour, minute, timeZone).getTime());
}

/** The local day named yyyy-MM-dd. */
export function parseLocalDay(date: string, timeZone: string): LocalDay {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DomainError('BAD_DAY', `日付が正しくありません: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return localDay(new Date(new TZDate(y!, m! - 1, d!, 12, 0, timeZone).getTime()), timeZone);
}
