import type { ScheduleConfig } from '../config.js';
import { atLocalTime, localDay, shiftDay, type LocalDay } from '../metrics/period.js';

export type ReportKind = 'morning' | 'evening' | 'weekly' | 'monthly';

/** One scheduled post that is due now: its unique slot key, its day and whether it is late. */
export interface DueSlot {
  /** morning:2026-11-30, evening:2026-11-30, weekly:2026-12-04, monthly:2026-12 */
  slot: string;
  kind: ReportKind;
  /** The local day the post belongs to (for monthly: the business day it was scheduled on). */
  day: LocalDay;
  scheduledFor: Date;
  late: boolean;
}

/** A post this long after its time is marked 遅延 (the cron ticks once a minute; a restart takes a few). */
const LATE_AFTER_MINUTES = 10;
/** Manual §8.3: 月初5営業日以内. */
const MONTHLY_WINDOW_BUSINESS_DAYS = 5;

const isBusinessDay = (day: LocalDay) => day.weekday >= 1 && day.weekday <= 5;

/** The business days (Mon–Fri) of the month of `day`, first ones first, up to `n`. */
export function firstBusinessDays(day: LocalDay, n: number, timeZone: string): LocalDay[] {
  let d = shiftDay(day, 1 - Number(day.date.slice(8, 10)), timeZone);
  const days: LocalDay[] = [];
  while (days.length < n) {
    if (isBusinessDay(d)) days.push(d);
    d = shiftDay(d, 1, timeZone);
  }
  return days;
}

/**
 * The slots due at `now`: a slot is due from its time until the end of its day (the monthly one
 * until the end of the fifth business day); a slot of an earlier day is stale and never posted.
 * Which of them were already posted is the caller's business (scheduled_posts).
 */
export function dueSlots({ now, schedule, timeZone }: { now: Date; schedule: ScheduleConfig; timeZone: string }): DueSlot[] {
  const today = localDay(now, timeZone);
  const slots: DueSlot[] = [];
  const add = (kind: ReportKind, slot: string, day: LocalDay, at: { hour: number; minute: number }) => {
    const scheduledFor = atLocalTime(day, at.hour, at.minute, timeZone);
    if (now.getTime() < scheduledFor.getTime()) return;
    slots.push({ slot, kind, day, scheduledFor, late: now.getTime() - scheduledFor.getTime() > LATE_AFTER_MINUTES * 60_000 });
  };
  add('morning', `morning:${today.date}`, today, schedule.morning);
  add('evening', `evening:${today.date}`, today, schedule.evening);
  if (today.weekday === schedule.weekly.weekday) add('weekly', `weekly:${today.date}`, today, schedule.weekly);
  const window = firstBusinessDays(today, MONTHLY_WINDOW_BUSINESS_DAYS, timeZone);
  const target = window[schedule.monthly.businessDay - 1]!;
  const windowEnd = window[window.length - 1]!.to;
  if (today.from.getTime() >= target.from.getTime() && now.getTime() < windowEnd.getTime()) {
    add('monthly', `monthly:${today.date.slice(0, 7)}`, target, schedule.monthly);
  }
  return slots;
}
