import type { Db } from '../../db/client.js';
import type { Alert } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { createRepositories } from '../../repositories/index.js';
import { lockNeedsAction, notNeedsAction } from './guard.js';

/**
 * 再試行 on a 要再対応 alert: what was given up (SMS, e-mail, refund) goes back to the outbox as it
 * was, the alert shows 送信中 again, and the delivery settles it once more (✅ 完了 / 要再対応).
 * A compare-and-set from 要再対応: a double click retries once.
 */
export async function retryDelivery({ db, clock }: { db: Db; clock: Clock }, input: { alertId: number; userId: string }): Promise<{ alert: Alert; rows: number }> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const before = await lockNeedsAction(repos, input);
    const rows = await repos.outbox.retryFailed(before.id);
    const alert = await repos.alerts.reopenDelivery({ id: before.id, userId: input.userId, at: clock.now(), state: rows > 0 ? 'sending' : 'delivered' });
    if (!alert) throw notNeedsAction();
    await repos.history.append({
      actor: input.userId,
      action: 'alert.retry',
      alertId: alert.id,
      reservationId: alert.reservationId,
      before: { deliveryState: 'failed', error: before.deliveryError },
      after: { deliveryState: alert.deliveryState, rows },
    });
    return { alert, rows };
  });
}
