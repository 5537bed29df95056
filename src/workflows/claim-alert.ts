import type { Db } from '../db/client.js';
import type { Alert } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { errors } from '../errors.js';
import { createAlertsRepository } from '../repositories/alerts.js';
import { createHistoryRepository } from '../repositories/history.js';

export interface ClaimResult {
  alert: Alert;
  /** False when this user already had it (a double click or a redelivered envelope). */
  newlyClaimed: boolean;
}

/**
 * 対応開始: assigns the alert to the operator. A compare-and-set, so two operators clicking at
 * once get one winner; the loser learns who has it.
 */
export async function claimAlert(
  { db, clock }: { db: Db; clock: Clock },
  { alertId, userId }: { alertId: number; userId: string },
): Promise<ClaimResult> {
  return db.transaction(async (tx) => {
    const alerts = createAlertsRepository({ db: tx });
    const claimed = await alerts.claim({ id: alertId, userId, at: clock.now() });
    if (claimed) {
      await createHistoryRepository({ db: tx }).append({
        actor: userId,
        action: 'alert.claimed',
        alertId,
        reservationId: claimed.reservationId,
        before: { assignee: null },
        after: { assignee: userId, claimedAt: claimed.claimedAt?.toISOString() },
      });
      return { alert: claimed, newlyClaimed: true };
    }
    const current = await alerts.findById(alertId);
    if (!current) throw errors.alertNotFound(alertId);
    if (current.resolvedAt) throw errors.alreadyResolved(current.resolvedBy);
    if (current.assignee === userId) return { alert: current, newlyClaimed: false };
    throw errors.alreadyClaimed(current.assignee ?? '?');
  });
}
