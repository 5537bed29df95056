import type { Alert } from '../../db/schema.js';
import { DomainError, errors } from '../../errors.js';
import type { Repositories } from '../../repositories/index.js';

export const notNeedsAction = () =>
  new DomainError('NOT_NEEDS_ACTION', 'このアラートは要再対応ではありません（すでに再試行されたか、完了しています）。');

/** Locks a 要再対応 alert for the transaction; only its assignee (or anyone, when nobody has it) may act. */
export async function lockNeedsAction(repos: Repositories, { alertId, userId }: { alertId: number; userId: string }): Promise<Alert> {
  const alert = await repos.alerts.lock(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  if (alert.deliveryState !== 'failed') throw notNeedsAction();
  if (alert.assignee && alert.assignee !== userId) throw errors.alreadyClaimed(alert.assignee);
  return alert;
}
