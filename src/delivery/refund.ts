import type { Db } from '../db/client.js';
import type { Refund } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { ProviderError, type Ports } from '../ports/index.js';
import { createRepositories } from '../repositories/index.js';
import { errorText, isRetryable, type DeliveryNotifier, type RowOutcome } from './types.js';

interface RefundDeps {
  db: Db;
  ports: Ports;
  clock: Clock;
  logger: Logger;
  notifier: DeliveryNotifier;
  maxTries: number;
  leaseMs: number;
}

/**
 * The PaymentIntent to refund: stored on the reservation's paid link; or found by retrieving its
 * newest session (and then stored). Undefined when the bot never saw the reservation paid.
 */
async function paymentIntentOf({ db, ports }: RefundDeps, refund: Refund): Promise<string | undefined> {
  const repos = createRepositories({ db });
  const links = await repos.outbox.linksForRefund(refund.reservationId);
  const stored = links.find((l) => l.paymentIntentId)?.paymentIntentId;
  if (stored || !links[0]?.sessionId) return stored ?? undefined;
  const state = await ports.payments.getLink(links[0].sessionId);
  if (!state.paid || !state.paymentIntentId) return undefined;
  await repos.outbox.closeLink({ id: links[0].id, from: ['created', 'open', 'expired'], status: 'complete', paymentIntentId: state.paymentIntentId });
  return state.paymentIntentId;
}

/**
 * Refunds a late cancellation in full (manual §3.6): idempotent (the row's key goes to Stripe),
 * the refund's ID and status stored. Only a refund that succeeded moves the reservation to
 * `cancelled` (from the status its alert was raised for); a failure leaves the status as it is,
 * and the operator is told either way in the alert's thread.
 */
export async function refundReservation(deps: RefundDeps, id: number): Promise<RowOutcome> {
  const { db, ports, clock, notifier, logger: log } = deps;
  const repos = createRepositories({ db });
  const refund = await repos.outbox.leaseRefund(id, deps.leaseMs);
  if (!refund) return 'skipped';
  try {
    const paymentIntentId = await paymentIntentOf(deps, refund);
    if (!paymentIntentId && ports.payments.name !== 'local') {
      throw new ProviderError({ provider: 'stripe', code: 'REFUND_FAILED', retryable: false, messageJa: 'この予約の決済（PaymentIntent）が見つからないため返金できません。Stripeダッシュボードで確認してください', detail: 'no paid payment link' });
    }
    const res = await ports.payments.refund({ reservationId: refund.reservationId, paymentIntentId, amountJpy: refund.amountJpy, idempotencyKey: refund.idempotencyKey });
    const now = clock.now();
    const { status, moved } = await db.transaction(async (tx) => {
      const t = createRepositories({ db: tx });
      await t.outbox.markRefundDone({ id: refund.id, provider: ports.payments.name, refundId: res.refundId, providerStatus: res.status, at: now });
      const base = { actor: refund.requestedBy, alertId: refund.alertId, reservationId: refund.reservationId };
      await t.history.append({ ...base, action: 'refund.done', before: null, after: { amountJpy: refund.amountJpy, refundId: res.refundId, status: res.status } });
      const reservation = (await t.reservations.lock(refund.reservationId))!;
      const alert = refund.alertId ? await t.alerts.findById(refund.alertId) : undefined;
      const expected = alert?.expectedStatus ?? reservation.status;
      if (reservation.status === 'cancelled' || reservation.status !== expected) return { status: reservation.status, moved: false };
      await t.reservations.updateIfStatus({ id: reservation.id, expectedStatus: expected, changes: { status: 'cancelled' }, at: now });
      await t.history.append({ ...base, action: 'reservation.status', before: { status: expected }, after: { status: 'cancelled' } });
      return { status: 'cancelled', moved: true };
    });
    log.info({ refundId: refund.id, providerRefundId: res.refundId, moved }, 'refund done');
    await notifier.finished({ kind: 'refund', refund: (await repos.outbox.findRefund(id))!, reservationStatus: status, statusMoved: moved }).catch(() => {});
    return 'sent';
  } catch (error) {
    const giveUp = !isRetryable(error) || refund.tries >= deps.maxTries;
    const text = errorText(error);
    await repos.outbox.markRefundFailed({ id: refund.id, error: text, giveUp });
    log.warn({ refundId: refund.id, tries: refund.tries, giveUp, err: error }, 'refund not done');
    if (!giveUp) return 'retry';
    const reservation = await repos.reservations.findById(refund.reservationId);
    await notifier
      .finished({ kind: 'refund', refund: (await repos.outbox.findRefund(id))!, error: text, reservationStatus: reservation?.status ?? '?', statusMoved: false })
      .catch(() => {});
    return 'failed';
  }
}
