import type { Queryable } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import { dailyFlags, paymentSuccessRate, reservationSuccessRate, THRESHOLDS, total, type Flag, type StatusCounts } from './formulas.js';
import { localDay, shiftDay, type LocalDay, type Period } from './period.js';
import { countManualOpsIn, countReservationsIn, reservationsByStatus } from './queries.js';

/** Manual §4.2 日次確認項目, as of `now`. */
export interface DailyMetrics {
  now: Date;
  today: LocalDay;
  yesterday: LocalDay;
  /** 今日の予約件数（ステータス別）: reservations created today so far. */
  todayByStatus: StatusCounts;
  reservationsToday: number;
  /** 今日のマニュアルオペレーション件数 */
  manualOpsToday: number;
  /** manualOpsToday / reservationsToday (null: no reservation today). */
  manualShare: number | null;
  /** The same weekday of the last 4 weeks, up to the same time of day, averaged (null: no history). */
  usualReservations: number | null;
  usualManualOps: number | null;
  yesterdayByStatus: StatusCounts;
  successRateYesterday: number | null;
  paymentRateYesterday: number | null;
  flags: Flag[];
}

/** The same time window of day on the last `weeks` same weekdays. */
export function usualWindows(today: LocalDay, now: Date, timeZone: string, weeks = THRESHOLDS.usualWeeks): Period[] {
  const elapsed = Math.max(0, Math.min(now.getTime(), today.to.getTime()) - today.from.getTime());
  return Array.from({ length: weeks }, (_, i) => {
    const day = shiftDay(today, -7 * (i + 1), timeZone);
    return { from: day.from, to: new Date(Math.min(day.from.getTime() + elapsed, day.to.getTime())) };
  });
}

export async function loadDailyMetrics({ db, clock, timeZone }: { db: Queryable; clock: Clock; timeZone: string }): Promise<DailyMetrics> {
  const now = clock.now();
  const today = localDay(now, timeZone);
  const yesterday = shiftDay(today, -1, timeZone);
  const windows = usualWindows(today, now, timeZone);
  const hasHistory = windows.length > 0;
  const [todayByStatus, manualOpsToday, usualRes, usualOps, yesterdayByStatus] = await Promise.all([
    reservationsByStatus({ db }, today),
    countManualOpsIn({ db }, [today]),
    countReservationsIn({ db }, windows),
    countManualOpsIn({ db }, windows),
    reservationsByStatus({ db }, yesterday),
  ]);
  const reservationsToday = total(todayByStatus);
  const metrics = {
    now,
    today,
    yesterday,
    todayByStatus,
    reservationsToday,
    manualOpsToday,
    manualShare: reservationsToday > 0 ? manualOpsToday / reservationsToday : null,
    usualReservations: hasHistory ? usualRes / windows.length : null,
    usualManualOps: hasHistory ? usualOps / windows.length : null,
    yesterdayByStatus,
    successRateYesterday: reservationSuccessRate(yesterdayByStatus),
    paymentRateYesterday: paymentSuccessRate(yesterdayByStatus),
  };
  return { ...metrics, flags: dailyFlags(metrics) };
}
