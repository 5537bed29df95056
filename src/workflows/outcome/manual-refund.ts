import type { Db } from '../../db/client.js';
import type { Alert } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { createRepositories } from '../../repositories/index.js';
import { lockNeedsAction, notNeedsAction } from './guard.js';

/**
 * 返金を手動で完了として記録: the operator refunded by hand (Stripe dashboard) and says why. The
 * failed refund rows are recorded done (provider `manual`, the reason in the history), the
 * reservation is cancelled as the refund would have done (compare-and-set from the alert's
 * status), and the alert becomes ✅ 完了.
 */
export async function recordManualRefund(
  { db, clock }: { db: Db; clock: Clock },
  input: { alertId: number; userId: string; reason: string },
): Promise<{ alert: Alert; cancelled: boolean }> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const before = await lockNeedsAction(repos, input);
    const now = clock.now();
    const failed = (await repos.outbox.listForAlert(before.id)).refunds.filter((r) => r.status === 'failed');
    if (failed.length === 0) throw notNeedsAction();
    const base = { actor: input.userId, alertId: before.id, reservationId: before.reservationId };
    for (const refund of failed) {
      await repos.outbox.markRefundDone({ id: refund.id, provider: 'manual', refundId: null, providerStatus: 'manual', at: now });
      await repos.history.append({ ...base, action: 'refund.manual', before: { status: 'failed', error: refund.error }, after: { status: 'done', amountJpy: refund.amountJpy, reason: input.reason } });
    }
    let cancelled = false;
    if (before.reservationId && before.expectedStatus) {
      const moved = await repos.reservations.updateIfStatus({ id: before.reservationId, expectedStatus: before.expectedStatus, changes: { status: 'cancelled' }, at: now });
      if (moved) {
        cancelled = true;
        await repos.history.append({ ...base, action: 'reservation.status', before: { status: before.expectedStatus }, after: { status: 'cancelled' } });
      }
    }
    const alert = await repos.alerts.reopenDelivery({ id: before.id, userId: input.userId, at: now, state: 'delivered' });
    if (!alert) throw notNeedsAction();
    return { alert, cancelled };
  });
}
