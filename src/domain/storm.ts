/**
 * Alert storms (issue 14 item 6, manual §7.2 「マニュアルオペ多発で気づく」): when manual-operation
 * alerts surge, one storm alert is posted and the next manual-operation alerts go into its thread.
 * Pure rules; the database side is src/workflows/storms.ts.
 */
import { ALERT_KINDS, ALERT_KIND_NAMES, type AlertKind, type Priority } from './alert-kinds.js';

export const STORM_TITLE = 'マニュアルオペ多発: Bland.ai障害の可能性';

/** The storm message's steps: manual §7.2 (Highレベル, 例: Bland.ai障害で電話発信が全く動作しない), in its words. */
export const STORM_STEPS: readonly string[] = [
  '*初動対応（15分以内）*',
  '1. ログ確認',
  '2. Bland.aiのステータスページ確認',
  '*応急処置（1時間以内）*',
  '1. 外部API障害の場合: 復旧を待つ・依頼者に状況説明SMS送信',
  '2. QRV側の問題の場合: コード修正 + デプロイ',
  '*復旧確認（1.5時間以内）*',
  '1. 機能テスト実施',
  '*事後対応*',
  '1. 経営陣に報告（2時間以内）',
  '2. インシデントレポート作成（48時間以内）',
];

/** The kinds the manual counts as マニュアルオペレーション (§3.1–3.6, §4.2). */
export const MANUAL_OPERATION_KINDS: readonly AlertKind[] = ALERT_KIND_NAMES.filter((k) => ALERT_KINDS[k].category === 'manual_operation');

export function isManualOperation(kind: string): boolean {
  return (MANUAL_OPERATION_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether an alert goes into an open storm's thread: a manual-operation alert that is not 緊急
 * (a critical alert, SMS送信失敗, stays a top-level message: it must never be hidden in a thread).
 */
export function joinsStormThread(kind: string, priority: Priority): boolean {
  return isManualOperation(kind) && priority !== 'critical';
}

export interface StormRule {
  /** QRV_STORM_COUNT: this many within the window is a storm whatever the usual rate. */
  count: number;
  /** QRV_STORM_WINDOW_MIN. */
  windowMinutes: number;
}

/** The days the usual rate is averaged over. */
export const USUAL_RATE_DAYS = 7;

/**
 * The usual rate: manual-operation alerts per window, averaged over the previous 7 days (the
 * current window excluded). `before`: how many were created in those 7 days.
 */
export function usualPerWindow(before: number, rule: StormRule): number {
  return before / ((USUAL_RATE_DAYS * 24 * 60) / rule.windowMinutes);
}

/**
 * A storm: `inWindow` manual-operation alerts in the last window reach QRV_STORM_COUNT (`count`),
 * or reach twice the usual rate (`rate`) — and then at least 60 % of QRV_STORM_COUNT (the floor:
 * a quiet system, whose usual rate is near zero, does not storm on 2 alerts, nor on the demo
 * data's 5 raised at once). Pure.
 */
export function stormTrigger(input: { inWindow: number; usual: number; rule: StormRule }): 'count' | 'rate' | undefined {
  const { inWindow, usual, rule } = input;
  if (inWindow >= rule.count) return 'count';
  const floor = rateFloor(rule);
  if (inWindow >= floor && inWindow >= 2 * usual) return 'rate';
  return undefined;
}

/** The fewest alerts the rate rule storms on: 60 % of QRV_STORM_COUNT (6 by default), at least 2. */
export function rateFloor(rule: StormRule): number {
  return Math.max(2, Math.ceil(rule.count * 0.6));
}

/** A storm subsides when no manual-operation alert was created for the window. */
export function stormSubsided(input: { lastAlertAt: Date; now: Date; rule: StormRule }): boolean {
  return input.now.getTime() - input.lastAlertAt.getTime() >= input.rule.windowMinutes * 60_000;
}
