import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import type { DailyNote, Shop } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { loadDailyMetrics, type DailyMetrics } from '../metrics/daily.js';
import { localMonth, shiftDay, type LocalDay } from '../metrics/period.js';
import { countManualOpsIn, countRecords, reservationsStartingIn } from '../metrics/queries.js';
import type { QueueItem } from '../domain/queue.js';
import { orderTomorrow, type TomorrowEntry } from '../domain/tomorrow.js';
import { loadOpenWork } from './queue.js';
import { loadPeriodSummary, loadWeeklyMetrics, type PeriodSummary, type WeeklyMetrics } from '../metrics/weekly.js';
import type { StatusCounts } from '../metrics/formulas.js';
import { createOperatorRecordsRepository } from '../repositories/operator-records.js';
import { createShopsRepository } from '../repositories/shops.js';
import { createIncidentsRepository } from '../repositories/incidents.js';
import type { Incident } from '../db/schema.js';
import { AUDIT_PENDING, checkWalArchive, type CheckResult, type MaintenanceChecks } from './maintenance-checks.js';
import { loadMaintenance, loadPendingMaintenance, type MaintenanceItem } from './maintenance.js';

type Deps = { db: Queryable; clock: Clock; config: Config };
const metricsDeps = ({ db, clock, config }: Deps) => ({ db, clock, timeZone: config.timezone, overrides: config.alertOverrides });

/** 10:00 朝の確認 (manual §2.1): the daily figures and every alert still unresolved. */
export interface MorningReport {
  daily: DailyMetrics;
  /** Unresolved alerts by priority, then deadline (the queue's order). */
  open: QueueItem[];
  /** 週次・月次メンテナンス still 未完了 in their period (reminded until done). */
  maintenance: MaintenanceItem[];
}

export async function loadMorningReport(deps: Deps): Promise<MorningReport> {
  const [daily, open, maintenance] = await Promise.all([loadDailyMetrics(metricsDeps(deps)), loadOpenWork(deps), loadPendingMaintenance(deps)]);
  return { daily, open, maintenance };
}

/** 18:00 終業時の記録 (manual §2.3): today's counts, the 特記事項, and tomorrow's reservations. */
export interface EveningReport {
  day: LocalDay;
  manualOps: number;
  inquiries: number;
  incidents: number;
  /** Declared incidents (manual §7) of the day: declared that day or still open from before, oldest first. */
  declared: Incident[];
  note: DailyNote | null;
  tomorrow: Tomorrow;
}

/** 明日の予約確認: live reservations by status; those needing attention first, then the rest. */
export interface Tomorrow {
  day: LocalDay;
  byStatus: StatusCounts;
  entries: TomorrowEntry[];
}

export async function loadTomorrow(deps: Deps, day: LocalDay): Promise<Tomorrow> {
  return { day, ...orderTomorrow(await reservationsStartingIn(deps, day)) };
}

export async function loadEveningReport(deps: Deps, day: LocalDay): Promise<EveningReport> {
  const tomorrow = shiftDay(day, 1, deps.config.timezone);
  const [manualOps, records, declared, note, upcoming] = await Promise.all([
    countManualOpsIn(deps, [day]),
    countRecords(deps, day),
    createIncidentsRepository(deps).declaredDuring(day),
    createOperatorRecordsRepository(deps).findNote(day.date),
    loadTomorrow(deps, tomorrow),
  ]);
  return { day, manualOps, ...records, declared, note: note ?? null, tomorrow: upcoming };
}

/** How many unregistered shops the Friday report lists (each with its buttons). */
const UNLISTED_SHOWN = 5;

export type WeeklyReport = WeeklyMetrics & {
  /** 提携店リスト更新 (manual §8.2): shops registered during 全店NG A, neither listed nor 対象外 yet, newest first. */
  unlistedShops: Shop[];
  unlistedTotal: number;
  /** 週次メンテナンス (manual §8.2 ログ確認) of this week, done or not. */
  maintenance: MaintenanceItem[];
  /** Declared incidents (manual §7) that lasted into the week, oldest first. */
  declared: Incident[];
};

/** Friday 週次レポート (manual §8.2). */
export async function loadWeeklyReport(deps: Deps): Promise<WeeklyReport> {
  const [week, pending, maintenance] = await Promise.all([
    loadWeeklyMetrics(metricsDeps(deps)),
    createShopsRepository(deps).pendingUnlisted(UNLISTED_SHOWN),
    loadMaintenance(deps, { cadence: 'weekly' }),
  ]);
  const span = { from: week.days[0]!.from, to: week.days[week.days.length - 1]!.to };
  const declared = await createIncidentsRepository(deps).declaredDuring(span);
  return { ...week, unlistedShops: pending.shops, unlistedTotal: pending.total, maintenance, declared };
}

/** 月次レポート (manual §8.3): the previous calendar month. */
export interface MonthlyReport {
  label: string;
  summary: PeriodSummary;
  /** 月次メンテナンス (manual §8.3) of this month, done or not. */
  maintenance: MaintenanceItem[];
  /** What the bot checked itself: the newest WAL archive, and npm audit (実行中 here: its result follows in the thread; absent when not configured). */
  checks?: { wal: CheckResult; audit: CheckResult };
}

export async function loadMonthlyReport(deps: Deps & { maintenanceChecks?: MaintenanceChecks }): Promise<MonthlyReport> {
  const thisMonth = localMonth(deps.clock.now(), deps.config.timezone);
  const previous = localMonth(new Date(thisMonth.from.getTime() - 1), deps.config.timezone);
  const mc = deps.maintenanceChecks;
  const [{ dayRows: _rows, ...summary }, maintenance, checks] = await Promise.all([
    loadPeriodSummary(metricsDeps(deps), previous),
    loadMaintenance(deps, { cadence: 'monthly' }),
    mc ? checkWalArchive({ db: deps.db, databaseKind: mc.databaseKind, timeZone: deps.config.timezone }) : undefined,
  ]);
  return { label: previous.label, summary, maintenance, ...(checks ? { checks: { wal: checks, audit: AUDIT_PENDING } } : {}) };
}
