import { ALERT_KINDS, formatMinutes, isAlertKind, resolveAlertKind, type AlertKind } from '../domain/alert-kinds.js';
import { RESERVATION_STATUS_NAMES, statusLabel } from '../domain/reservation-status.js';
import type { StatusCounts } from '../metrics/formulas.js';
import type { AlertKindTiming } from '../metrics/weekly.js';
import type { Config } from '../config.js';

/** 83.3% or — when there was nothing to divide. */
export const percent = (value: number | null) => (value === null ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`);

/** 4件, 0.5件 */
export const count = (n: number | null) => (n === null ? '—' : `${Number.isInteger(n) ? n : n.toFixed(1)}件`);

/** 全店NG, SMS送信失敗, システムアラート: the alert title without its 【…】 prefix. */
function kindName(kind: string): string {
  if (!isAlertKind(kind)) return kind;
  if (kind === 'system') return 'システムアラート';
  return ALERT_KINDS[kind].title.replace(/^【[^】]*】/, '');
}

/** One line per status present, in the vocabulary's order: 確定（決済済み）（confirmed） 5件 */
export function statusLines(counts: StatusCounts): string[] {
  const known = RESERVATION_STATUS_NAMES.filter((s) => (counts[s] ?? 0) > 0);
  const unknown = Object.keys(counts).filter((s) => !(RESERVATION_STATUS_NAMES as string[]).includes(s) && (counts[s] ?? 0) > 0);
  return [...known, ...unknown].map((s) => `${statusLabel(s)} ${counts[s]}件`);
}

export const ratio = (numerator: number, denominator: number, unit = '件') => `${numerator} / ${denominator}${unit}`;

/** 全店NG 3件: 対応開始まで平均20分 · 完了まで平均1時間5分 · 期限内 1件 · 期限超過 1件（対応期限 1時間以内） */
export function timingLine(t: AlertKindTiming, overrides: Config['alertOverrides'] = {}): string {
  const deadline = t.kind === 'system' ? '重要度による' : resolveAlertKind(t.kind as AlertKind, overrides).deadlineLabel;
  const avg = (m: number | null) => (m === null ? '—' : formatMinutes(m));
  return `${kindName(t.kind)} ${t.count}件: 対応開始まで平均${avg(t.avgClaimMinutes)} · 完了まで平均${avg(t.avgResolveMinutes)} · 期限内 ${t.resolvedInTime}件 · 期限超過 ${t.overdue}件（対応期限 ${deadline}）`;
}
