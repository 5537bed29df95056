import { TZDate } from '@date-fns/tz';

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** One formatter per time zone: the wall clock of an instant is read with Intl, the formatter made once. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Wall clocks already read, per time zone and minute (every zone in use today is offset by whole
 * minutes): a burst of cards shows the same few instants hundreds of times. Bounded by clearing.
 */
const readings = new Map<string, WallClock>();
const MAX_READINGS = 10_000;

function readWallClock(at: Date, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

function wallClock(at: Date, timeZone: string): WallClock {
  const key = `${timeZone} ${Math.floor(at.getTime() / 60_000)}`;
  const known = readings.get(key);
  if (known) return known;
  if (readings.size >= MAX_READINGS) readings.clear();
  const read = Object.freeze(readWallClock(at, timeZone));
  readings.set(key, read);
  return read;
}

const two = (n: number) => String(n).padStart(2, '0');
const clockOf = (w: WallClock) => `${two(w.hour)}:${two(w.minute)}`;
const dayOf = (w: WallClock) => `${w.month}月${w.day}日`;

/** 1月30日 14:00-17:00 (the manual's form), in the given time zone. */
export function formatTimeRange(start: Date, end: Date, timeZone: string): string {
  const s = wallClock(start, timeZone);
  const e = wallClock(end, timeZone);
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  return `${dayOf(s)} ${clockOf(s)}-${sameDay ? clockOf(e) : `${dayOf(e)} ${clockOf(e)}`}`;
}

/** 1月28日 15:00 */
export function formatDateTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${dayOf(w)} ${clockOf(w)}`;
}

/** 14:05 */
export function formatClock(at: Date, timeZone: string): string {
  return clockOf(wallClock(at, timeZone));
}

/** Minutes after local midnight (14:05 → 845) in the given time zone. */
export function minuteOfDay(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return w.hour * 60 + w.minute;
}

/** 2026-01-30 (the date as a datepicker shows it) in the given time zone. */
export function toDateInput(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}`;
}

/** 14:00 (as a timepicker shows it) in the given time zone. */
export function toTimeInput(at: Date, timeZone: string): string {
  return clockOf(wallClock(at, timeZone));
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
