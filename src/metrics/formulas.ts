/**
 * The dashboard's formulas and thresholds (manual §4.2), defined once. docs/dashboard.md
 * states the same formulas in words; the SQL in queries.ts only counts rows.
 */
import { ALERT_KIND_NAMES, ALERT_KINDS } from '../domain/alert-kinds.js';
import type { ReservationStatus } from '../domain/reservation-status.js';

/** 予約成功: a shop accepted (whatever happened to the payment afterwards). */
export const SUCCESS_STATUSES: readonly ReservationStatus[] = [
  'calling_success', 'payment_pending', 'confirmed', 'completed', 'payment_expired', 'cancelled',
];
/** 決済試行: a payment link was sent. */
export const PAYMENT_ATTEMPT_STATUSES: readonly ReservationStatus[] = ['payment_pending', 'confirmed', 'completed', 'payment_expired', 'cancelled'];
/** 決済完了 — and 確定予約 for the cancellation rate: paid (a cancellation follows a paid booking). */
export const PAID_STATUSES: readonly ReservationStatus[] = ['confirmed', 'completed', 'cancelled'];
export const CONFIRMED_STATUSES = PAID_STATUSES;
export const CANCELLED_STATUSES: readonly ReservationStatus[] = ['cancelled'];

/** マニュアルオペレーション: the alert kinds the alert table puts in that category. */
export const MANUAL_OPERATION_KINDS = ALERT_KIND_NAMES.filter((k) => ALERT_KINDS[k].category === 'manual_operation');

/** Manual §4.2 異常値の目安. */
export const THRESHOLDS = {
  successRateMin: 0.8,
  paymentRateMin: 0.9,
  manualShareMax: 0.1,
  levelLow: 0.5,
  levelHigh: 2,
  manualOpsVsUsual: 2,
  cancelRateMax: 0.1,
  avgCallsMax: 5,
  /** How many previous same weekdays make "the usual level". */
  usualWeeks: 4,
  /** 急激な増減: a day below 50% or above 200% of the day before, when that day had at least this many. */
  trendMinBase: 10,
} as const;

export type StatusCounts = Partial<Record<string, number>>;

export const total = (counts: StatusCounts): number => Object.values(counts).reduce<number>((s, n) => s + (n ?? 0), 0);
export const countOf = (counts: StatusCounts, statuses: readonly string[]): number =>
  statuses.reduce((s, st) => s + (counts[st] ?? 0), 0);

/** numerator / denominator, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** 予約成功率 = 成功件数 / 全予約件数 */
export const reservationSuccessRate = (c: StatusCounts) => rate(countOf(c, SUCCESS_STATUSES), total(c));
/** 決済成功率 = 決済完了件数 / 決済試行件数 */
export const paymentSuccessRate = (c: StatusCounts) => rate(countOf(c, PAID_STATUSES), countOf(c, PAYMENT_ATTEMPT_STATUSES));
/** キャンセル率 = キャンセル件数 / 確定予約件数 */
export const cancellationRate = (c: StatusCounts) => rate(countOf(c, CANCELLED_STATUSES), countOf(c, CONFIRMED_STATUSES));

export interface Flag {
  code: string;
  /** The manual's words. */
  message: string;
}

export interface DailyFlagInput {
  reservationsToday: number;
  usualReservations: number | null;
  manualOpsToday: number;
  usualManualOps: number | null;
  successRateYesterday: number | null;
  paymentRateYesterday: number | null;
}

/** The daily checks of manual §2.1 step 1 and §4.2 日次確認項目. */
export function dailyFlags(m: DailyFlagInput): Flag[] {
  const flags: Flag[] = [];
  if (m.usualReservations !== null && m.usualReservations > 0) {
    if (m.reservationsToday < THRESHOLDS.levelLow * m.usualReservations) {
      flags.push({ code: 'reservations_low', message: '今日の予約件数が通常の50%未満です' });
    } else if (m.reservationsToday > THRESHOLDS.levelHigh * m.usualReservations) {
      flags.push({ code: 'reservations_high', message: '今日の予約件数が通常の200%超過です' });
    }
  }
  if (m.manualOpsToday > THRESHOLDS.manualShareMax * m.reservationsToday) {
    flags.push({ code: 'manual_share', message: 'マニュアルオペレーション件数が予約件数の10%超過です' });
  }
  if (m.successRateYesterday !== null && m.successRateYesterday < THRESHOLDS.successRateMin) {
    flags.push({ code: 'success_rate', message: '予約成功率が80%未満です → 原因調査' });
  }
  if (m.paymentRateYesterday !== null && m.paymentRateYesterday < THRESHOLDS.paymentRateMin) {
    flags.push({ code: 'payment_rate', message: '決済成功率が90%未満です → 原因調査' });
  }
  if (m.usualManualOps !== null && m.usualManualOps > 0 && m.manualOpsToday >= THRESHOLDS.manualOpsVsUsual * m.usualManualOps) {
    flags.push({ code: 'manual_ops_double', message: 'マニュアルオペ件数が通常の2倍以上です → Slack確認' });
  }
  return flags;
}

/** The weekly checks of manual §4.2 週次確認項目. */
export function weeklyFlags(m: { cancelRate: number | null; avgCalls: number | null }): Flag[] {
  const flags: Flag[] = [];
  if (m.cancelRate !== null && m.cancelRate > THRESHOLDS.cancelRateMax) {
    flags.push({ code: 'cancel_rate', message: 'キャンセル率が10%超過です' });
  }
  if (m.avgCalls !== null && m.avgCalls > THRESHOLDS.avgCallsMax) {
    flags.push({ code: 'avg_calls', message: '平均電話発信回数が5店舗超過です' });
  }
  return flags;
}

/**
 * 今週の予約推移「急激な増減」 (manual §4.2 週次確認項目): a completed day with fewer than 50% or more
 * than 200% of the reservations of the day before (a day before with fewer than
 * THRESHOLDS.trendMinBase is too small to judge). Pass completed days only, oldest first.
 */
export function trendFlags(days: ReadonlyArray<{ date: string; total: number }>): Flag[] {
  const flags: Flag[] = [];
  const label = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  for (let i = 1; i < days.length; i++) {
    const prev = days[i - 1]!;
    const cur = days[i]!;
    if (prev.total < THRESHOLDS.trendMinBase) continue;
    if (cur.total < THRESHOLDS.levelLow * prev.total || cur.total > THRESHOLDS.levelHigh * prev.total) {
      flags.push({
        code: 'trend',
        message: `今週の予約推移に急激な増減があります（${label(prev.date)}→${label(cur.date)}: ${prev.total}件→${cur.total}件）`,
      });
    }
  }
  return flags;
}
