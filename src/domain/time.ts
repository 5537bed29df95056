import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

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
