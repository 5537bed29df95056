import type { Db } from '../db/client.js';
import type { Refund } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { ProviderError, type PaymentFound, type Ports } from '../ports/index.js';
import { createRepositories } from '../repositories/index.js';
import { whileLeased } from './lease.js';
import { settleAlertDelivery } from './outcome.js';
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
 * The PaymentIntent a session of the bot's own links says was paid (stored on the paid link, or
 * found by retrieving the newest session, then stored). Undefined when the bot never saw one paid.
 */
async function linkPaymentIntent({ db, ports }: RefundDeps, reservationId: string): Promise<string | undefined> {
  const repos = createRepositories({ db });
  const links = await repos.outbox.linksForRefund(reservationId);
  const stored = links.find((l) => l.paymentIntentId)?.paymentIntentId;
  if (stored || !links[0]?.sessionId) return stored ?? undefined;
  const state = await ports.payments.getLink(links[0].sessionId);
  if (!state.paid || !state.paymentIntentId) return undefined;
  await repos.outbox.closeLink({ id: links[0].id, from: ['created', 'open', 'expired'], status: 'complete', paymentIntentId: state.paymentIntentId });
  return state.paymentIntentId;
}

/**
 * The client's payment (SPEC §2): `reservations.payment_intent_id` written by whichever side took
 * it; else the bot's own paid link; else Stripe search by metadata['reservation_id']. Its amount is
 * what Stripe received. A payment found is written back to the reservation.
 */
async function locatePayment(deps: RefundDeps, refund: Refund): Promise<PaymentFound | undefined> {
  const repos = createRepositories({ db: deps.db });
  const reservation = await repos.reservations.findById(refund.reservationId);
  const known = reservation?.paymentIntentId ?? (await linkPaymentIntent(deps, refund.reservationId));
  const found = await deps.ports.payments.findPayment({ reservationId: refund.reservationId, ...(known ? { paymentIntentId: known } : {}) });
  if (found && !reservation?.paymentIntentId) await repos.reservations.setPaymentIntent({ id: refund.reservationId, paymentIntentId: found.paymentIntentId });
  return found;
}

const paymentNotFound = () =>
  new ProviderError({
    provider: 'stripe',
    code: 'REFUND_FAILED',
    retryable: false,
    messageJa: 'この予約の決済（PaymentIntent）が見つからないため返金できません（予約の payment_intent_id なし、Stripe検索でも該当なし）。Stripeダッシュボードで確認してください',
    detail: 'no payment intent stored or found by search',
  });

/**
 * Refunds a late cancellation in full (manual §3.6): the amount Stripe received, once per payment
 * (idempotency key `refund:<PaymentIntent>`, and a payment another alert refunded already is not
 * refunded again), the refund's ID and status stored. Only a refund that succeeded moves the reservation to
 * `cancelled` (from the status its alert was raised for); a failure leaves the status as it is,
 * and the operator is told either way in the alert's thread.
 */
export async function refundReservation(deps: RefundDeps, id: number): Promise<RowOutcome> {
  const { db } = deps;
  const repos = createRepositories({ db });
  const refund = await repos.outbox.leaseRefund(id, deps.leaseMs);
  if (!refund) return 'skipped';
  return whileLeased({ db, leaseMs: deps.leaseMs }, { kind: 'refund', id }, () => refundLeased(deps, refund));
}

async function refundLeased(deps: RefundDeps, refund: Refund): Promise<RowOutcome> {
  const { db, ports, clock, notifier, logger: log } = deps;
  const repos = createRepositories({ db });
  const id = refund.id;
  try {
    const payment = await locatePayment(deps, refund);
    if (!payment && ports.payments.name !== 'local') throw paymentNotFound();
    const paymentIntentId = payment?.paymentIntentId;
    const amountJpy = payment && payment.amountJpy > 0 ? payment.amountJpy : refund.amountJpy;
    const earlier = paymentIntentId ? await repos.outbox.doneRefundFor(paymentIntentId) : undefined;
    const res = earlier
      ? { refundId: earlier.refundId ?? '', status: 'already_refunded' }
      : await ports.payments.refund({ reservationId: refund.reservationId, paymentIntentId, amountJpy, idempotencyKey: paymentIntentId ? `refund:${paymentIntentId}` : refund.idempotencyKey });
    const now = clock.now();
    const { status, moved } = await db.transaction(async (tx) => {
      const t = createRepositories({ db: tx });
      await t.outbox.markRefundDone({ id: refund.id, provider: earlier?.provider ?? ports.payments.name, refundId: res.refundId || null, providerStatus: res.status, at: now, paymentIntentId, amountJpy: earlier?.amountJpy ?? amountJpy });
      const base = { actor: refund.requestedBy, alertId: refund.alertId, reservationId: refund.reservationId };
      await t.history.append({ ...base, action: 'refund.done', before: null, after: { amountJpy, paymentIntentId: paymentIntentId ?? null, refundId: res.refundId, status: res.status, via: payment?.via ?? null } });
      const reservation = (await t.reservations.lock(refund.reservationId))!;
      const alert = refund.alertId ? await t.alerts.findById(refund.alertId) : undefined;
      const expected = alert?.expectedStatus ?? reservation.status;
      if (reservation.status === 'cancelled' || reservation.status !== expected) return { status: reservation.status, moved: false };
      await t.reservations.updateIfStatus({ id: reservation.id, expectedStatus: expected, changes: { status: 'cancelled' }, at: now });
      await t.history.append({ ...base, action: 'reservation.status', before: { status: expected }, after: { status: 'cancelled' } });
      return { status: 'cancelled', moved: true };
    });
    log.info({ refundId: refund.id, providerRefundId: res.refundId, moved }, 'refund done');
    const settled = refund.alertId ? await settleAlertDelivery({ db }, refund.alertId) : undefined;
    await notifier.finished({ kind: 'refund', refund: (await repos.outbox.findRefund(id))!, reservationStatus: status, statusMoved: moved, settled }).catch(() => {});
    return 'sent';
  } catch (error) {
    const giveUp = !isRetryable(error) || refund.tries >= deps.maxTries;
    const text = errorText(error);
    await repos.outbox.markRefundFailed({ id: refund.id, error: text, giveUp });
    log.warn({ refundId: refund.id, tries: refund.tries, giveUp, err: error }, 'refund not done');
    if (!giveUp) return 'retry';
    const reservation = await repos.reservations.findById(refund.reservationId);
    const settled = refund.alertId ? await settleAlertDelivery({ db }, refund.alertId) : undefined;
    await notifier
      .finished({ kind: 'refund', refund: (await repos.outbox.findRefund(id))!, error: text, reservationStatus: reservation?.status ?? '?', statusMoved: false, settled })
      .catch(() => {});
    return 'failed';
  }
}
