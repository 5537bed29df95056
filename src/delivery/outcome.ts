import type { Db } from '../db/client.js';
import type { Alert, OutboundMessage, Refund } from '../db/schema.js';
import type { Outbox } from '../repositories/outbox.js';
import { createRepositories } from '../repositories/index.js';

/** What the operator reads on a 要再対応 alert: one line per send or refund that failed for good. */
export function failureLines(outbox: Pick<Outbox, 'messages' | 'refunds'>): string[] {
  const messages = outbox.messages
    .filter((m) => m.status === 'failed')
    .map((m: OutboundMessage) => `${m.channel === 'sms' ? 'SMS' : 'Email'}送信失敗: ${m.lastError ?? '理由不明'}`);
  const refunds = outbox.refunds.filter((r) => r.status === 'failed').map((r: Refund) => `返金失敗: ${r.error ?? '理由不明'}`);
  return [...messages, ...refunds];
}

/** The rows of one alert that still count (a message replaced by another contact does not). */
export function deliveryRows(outbox: Pick<Outbox, 'messages' | 'refunds'>): Array<{ status: string }> {
  return [...outbox.messages.filter((m) => m.status !== 'replaced'), ...outbox.refunds];
}

/**
 * Called when one of an alert's outbox rows reached its end. Once every row of the alert ended,
 * the alert leaves 送信中: all sent / refunded → ✅ 完了 (delivered); any given up → 要再対応
 * (failed, reopened, the reasons stored). A compare-and-set: two deliverers settle it once.
 * Returns the alert when this call settled it.
 */
export async function settleAlertDelivery({ db }: { db: Db }, alertId: number): Promise<{ alert: Alert; failed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const t = createRepositories({ db: tx });
    const alert = await t.alerts.lock(alertId);
    if (!alert || alert.deliveryState !== 'sending') return undefined;
    const outbox = await t.outbox.listForAlert(alertId);
    const rows = deliveryRows(outbox);
    if (rows.some((r) => r.status === 'pending' || r.status === 'sending')) return undefined;
    const failures = failureLines(outbox);
    const failed = failures.length > 0;
    const settled = await t.alerts.settleDelivery({ id: alertId, state: failed ? 'failed' : 'delivered', error: failed ? failures.join('\n').slice(0, 2000) : null });
    if (!settled) return undefined;
    await t.history.append({
      actor: 'system',
      action: failed ? 'alert.needs_action' : 'alert.delivered',
      alertId,
      reservationId: alert.reservationId,
      before: { deliveryState: 'sending' },
      after: { deliveryState: settled.deliveryState, ...(failed ? { error: failures } : {}) },
    });
    return { alert: settled, failed };
  });
}
