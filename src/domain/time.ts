import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

/** 1月30日 14:00-17:00 (the manual's form), in the given time zone. */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  const s = new TZDate(start, timeZone);
  const e = new TZDate(end, timeZone);
  const sameDay = format(s, 'yyyy-MM-dd') === format(e, 'yyyy-MM-dd');
  return `${format(s, 'M月d日 HH:mm')}-${format(e, sameDay ? 'HH:mm' : 'M月d日 HH:mm')}`;
}

/** 1月28日 15:00 */
export function formatDateTime(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'M月d日 HH:mm');
}

/** 14:05 */
export function formatClock(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'HH:mm');
}

/** 2026-01-30 (the date as a datepicker shows it) in the given time zone. */
export function toDateInput(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'yyyy-MM-dd');
}

/** 14:00 (as a timepicker shows it) in the given time zone. */
export function toTimeInput(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'HH:mm');
}

/** The instant of a datepicker date and timepicker time read in the given time zone; undefined if malformed. */
export function fromDateTimeInput(date: string, time: string, timeZone: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const [y, mo, day, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59) return undefined;
  const at = new TZDate(y, mo - 1, day, h, mi, timeZone);
  return toDateInput(at, timeZone) === date ? new Date(at.getTime()) : undefined;
}
