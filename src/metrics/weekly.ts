import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import { isAlertKind, resolveAlertKind, type AlertKind } from '../domain/alert-kinds.js';
import type { Clock } from '../domain/clock.js';
import { cancellationRate, paymentSuccessRate, rate, reservationSuccessRate, total, trendFlags, weeklyFlags, type Flag, type StatusCounts } from './formulas.js';
import { localDay, shiftDay, type LocalDay, type Period } from './period.js';
import { alertTimings, callsForSuccesses, countManualOpsIn, countRecords, reservationsByDayAndStatus, type AlertTimingRow } from './queries.js';

/** Time-to-claim and time-to-resolve of one alert kind against its deadline. */
export interface AlertKindTiming {
  kind: AlertKind;
  count: number;
  claimed: number;
  /** Average minutes from created_at to claimed_at over the claimed alerts (null: none claimed). */
  avgClaimMinutes: number | null;
  resolved: number;
  avgResolveMinutes: number | null;
  /** Resolved no later than the deadline. */
  resolvedInTime: number;
  /** Resolved after the deadline, or still open past it. */
  overdue: number;
}

/** Manual §4.2 週次確認項目 (and the figures of a report) over a period. */
export interface PeriodSummary extends Period {
  byStatus: StatusCounts;
  reservations: number;
  successRate: number | null;
  paymentRate: number | null;
  cancelRate: number | null;
  /** 平均電話発信回数 = calls for successful reservations / successful reservations. */
  avgCalls: number | null;
  successes: number;
  calls: number;
  manualOps: number;
  inquiries: number;
  incidents: number;
  alertTimings: AlertKindTiming[];
  flags: Flag[];
}

export interface WeeklyMetrics extends PeriodSummary {
  days: Array<LocalDay & { byStatus: StatusCounts; total: number }>;
}

/** Per kind: the deadline is resolveAlertKind's (configured overrides, system severity), from created_at. */
export function summariseAlertTimings(rows: AlertTimingRow[], now: Date, overrides: Config['alertOverrides'] = {}): AlertKindTiming[] {
  const byKind = new Map<AlertKind, AlertKindTiming & { claimSum: number; resolveSum: number }>();
  for (const row of rows) {
    const kind: AlertKind = isAlertKind(row.kind) ? row.kind : 'system';
    const deadlineMs = resolveAlertKind(kind, overrides, { severity: row.severity ?? undefined }).deadlineMinutes * 60_000;
    const t = byKind.get(kind) ?? { kind, count: 0, claimed: 0, avgClaimMinutes: null, resolved: 0, avgResolveMinutes: null, resolvedInTime: 0, overdue: 0, claimSum: 0, resolveSum: 0 };
    t.count++;
    if (row.claimedAt) {
      t.claimed++;
      t.claimSum += row.claimedAt.getTime() - row.createdAt.getTime();
    }
    const due = row.createdAt.getTime() + deadlineMs;
    if (row.resolvedAt) {
      t.resolved++;
      t.resolveSum += row.resolvedAt.getTime() - row.createdAt.getTime();
      if (row.resolvedAt.getTime() <= due) t.resolvedInTime++;
      else t.overdue++;
    } else if (now.getTime() > due) {
      t.overdue++;
    }
    byKind.set(kind, t);
  }
  return [...byKind.values()].map(({ claimSum, resolveSum, ...t }) => ({
    ...t,
    avgClaimMinutes: t.claimed ? claimSum / t.claimed / 60_000 : null,
    avgResolveMinutes: t.resolved ? resolveSum / t.resolved / 60_000 : null,
  }));
}

export async function loadPeriodSummary(
  { db, clock, timeZone, overrides }: { db: Queryable; clock: Clock; timeZone: string; overrides?: Config['alertOverrides'] },
  period: Period,
): Promise<PeriodSummary & { dayRows: Array<{ date: string; status: string; n: number }> }> {
  const [dayRows, calls, manualOps, records, timings] = await Promise.all([
    reservationsByDayAndStatus({ db }, { ...period, timeZone }),
    callsForSuccesses({ db }, period),
    countManualOpsIn({ db }, [period]),
    countRecords({ db }, period),
    alertTimings({ db }, period),
  ]);
  const byStatus: StatusCounts = {};
  for (const r of dayRows) byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
  const cancelRate = cancellationRate(byStatus);
  const avgCalls = rate(calls.calls, calls.successes);
  return {
    ...period,
    dayRows,
    byStatus,
    reservations: total(byStatus),
    successRate: reservationSuccessRate(byStatus),
    paymentRate: paymentSuccessRate(byStatus),
    cancelRate,
    avgCalls,
    successes: calls.successes,
    calls: calls.calls,
    manualOps,
    ...records,
    alertTimings: summariseAlertTimings(timings, clock.now(), overrides),
    flags: weeklyFlags({ cancelRate, avgCalls }),
  };
}

/** The 7 local days ending with today (so a Friday report shows Saturday to Friday). */
export async function loadWeeklyMetrics(deps: { db: Queryable; clock: Clock; timeZone: string; overrides?: Config['alertOverrides'] }): Promise<WeeklyMetrics> {
  const today = localDay(deps.clock.now(), deps.timeZone);
  const days = Array.from({ length: 7 }, (_, i) => shiftDay(today, i - 6, deps.timeZone));
  const { dayRows, ...summary } = await loadPeriodSummary(deps, { from: days[0]!.from, to: today.to });
  const byDay = days.map((day) => {
    const byStatus: StatusCounts = {};
    for (const r of dayRows) if (r.date === day.date) byStatus[r.status] = r.n;
    return { ...day, byStatus, total: total(byStatus) };
  });
  // Today is not over yet: only completed days are compared for 急激な増減.
  return { ...summary, days: byDay, flags: [...summary.flags, ...trendFlags(byDay.slice(0, -1))] };
}

