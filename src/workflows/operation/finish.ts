import type { Alert, OperationRecord } from '../../db/schema.js';
import { errors } from '../../errors.js';
import type { Repositories } from '../../repositories/index.js';
import { elapsedMinutes } from './guard.js';

/** How a procedure ended, in the operator's words. */
export interface OperationOutcome {
  /** On the alert message: ✅ 完了: <outcome>. */
  outcome: string;
  /** 対応内容 */
  summary: string;
  /** 結果 */
  result: string;
}

/** What the operator adds to the record. */
export interface RecordInput {
  /** 所要時間 as edited; null: measured from the first open of the procedure (or 対応開始) to now. */
  durationMinutes: number | null;
  /** Appended to 対応内容. */
  note: string | null;
  /**
   * When the procedure's form was opened. A submission that finds the alert unclaimed and never
   * opened (under a burst the claim follows the shown form, and a quick submission can land first)
   * claims it as of then: 対応開始 and 所要時間 count from the open, not from the submission.
   */
  openedAt?: Date;
}

/**
 * The shared last step of every procedure (manual §3 手順4 記録): resolves the alert
 * (compare-and-set on resolved_at), stores 対応内容 / 所要時間 / 結果, and appends history.
 */
export async function finishAlert(
  repos: Repositories,
  input: { alert: Alert; actor: string; now: Date; outcome: OperationOutcome; record: RecordInput },
): Promise<{ alert: Alert; record: OperationRecord }> {
  const { alert, actor, now, outcome } = input;
  const resolved = await repos.alerts.resolve({ id: alert.id, userId: actor, at: now, outcome: outcome.outcome });
  if (!resolved) throw errors.alreadyResolved(null);
  const note = input.record.note?.trim();
  const record = await repos.records.insert({
    alertId: alert.id,
    reservationId: alert.reservationId,
    procedure: alert.kind,
    summary: note ? `${outcome.summary}（メモ: ${note}）` : outcome.summary,
    durationMinutes: input.record.durationMinutes ?? elapsedMinutes(alert.firstOpenedAt ?? alert.claimedAt, now),
    result: outcome.result,
    actor,
  });
  await repos.history.append({
    actor,
    action: 'alert.resolved',
    alertId: alert.id,
    reservationId: alert.reservationId,
    before: { resolvedAt: null },
    after: { outcome: outcome.outcome, durationMinutes: record.durationMinutes },
  });
  return { alert: resolved, record };
}
