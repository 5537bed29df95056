import type { Db } from '../db/client.js';
import type { PaymentLink } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { LinkState, Ports } from '../ports/index.js';
import { createRepositories } from '../repositories/index.js';

export type DeadlineOutcome = 'confirmed' | 'payment_expired' | 'not_due' | 'closed';

interface LinkDeps {
  db: Db;
  ports: Ports;
  logger: Logger;
}

/**
 * Stores what the provider says a link became: paid → `complete` with its PaymentIntent and the
 * reservation `payment_pending` → `confirmed`; otherwise `expired` and, when `expireReservation`,
 * the reservation `payment_pending` → `payment_expired` plus the `payment_expired` info alert
 * (manual §3.3). Compare-and-set on the link's status: two checkers settle it once.
 */
async function settleLink(db: Db, link: PaymentLink, state: LinkState, at: Date, expireReservation: boolean): Promise<DeadlineOutcome> {
  return db.transaction(async (tx) => {
    const t = createRepositories({ db: tx });
    const base = { actor: 'system', alertId: link.alertId, reservationId: link.reservationId };
    if (state.paid) {
      const closed = await t.outbox.closeLink({ id: link.id, from: ['created', 'open', 'expired'], status: 'complete', paymentIntentId: state.paymentIntentId });
      if (!closed) return 'closed';
      await t.history.append({ ...base, action: 'payment_link.paid', before: { status: link.status }, after: { status: 'complete', paymentIntentId: state.paymentIntentId ?? null } });
      const moved = await t.reservations.updateIfStatus({ id: link.reservationId, expectedStatus: 'payment_pending', changes: { status: 'confirmed' }, at });
      if (moved) await t.history.append({ ...base, action: 'reservation.status', before: { status: 'payment_pending' }, after: { status: 'confirmed' } });
      return 'confirmed';
    }
    const closed = await t.outbox.closeLink({ id: link.id, from: ['pending', 'created', 'open'], status: 'expired' });
    if (!closed) return 'closed';
    await t.history.append({ ...base, action: expireReservation ? 'payment_link.expired' : 'payment_link.superseded', before: { status: link.status }, after: { status: 'expired' } });
    if (!expireReservation) return 'closed';
    const moved = await t.reservations.updateIfStatus({ id: link.reservationId, expectedStatus: 'payment_pending', changes: { status: 'payment_expired' }, at });
    if (!moved) return 'closed';
    await t.history.append({ ...base, action: 'reservation.status', before: { status: 'payment_pending' }, after: { status: 'payment_expired' } });
    const alert = await t.alerts.insert({ kind: 'payment_expired', reservationId: link.reservationId, details: { payment_link_id: link.id, session_id: link.sessionId } });
    await t.history.append({ ...base, alertId: alert.id, action: 'alert.raised', before: null, after: { kind: 'payment_expired' } });
    return 'payment_expired';
  });
}

/**
 * The manual's 10-minute deadline (Stripe cannot expire a session sooner than 30 minutes): at
 * `expires_at` the bot retrieves the session; paid → `confirmed`; unpaid → the session is expired
 * through the API (which also reports a payment that landed meanwhile), `payment_expired`, and
 * the info alert. Before the deadline, or for a link no longer open, nothing happens.
 */
export async function checkPaymentDeadline(deps: LinkDeps & { clock: Clock }, linkId: number): Promise<DeadlineOutcome> {
  const repos = createRepositories({ db: deps.db });
  const link = await repos.outbox.findPaymentLink(linkId);
  if (!link || link.status !== 'open' || !link.sessionId) return 'closed';
  const now = deps.clock.now();
  if (!link.expiresAt || now < link.expiresAt) return 'not_due';
  let state = await deps.ports.payments.getLink(link.sessionId);
  if (!state.paid && state.status === 'open') state = await deps.ports.payments.expireLink(link.sessionId);
  const outcome = await settleLink(deps.db, link, state, now, true);
  deps.logger.info({ linkId, reservationId: link.reservationId, outcome }, 'payment deadline checked');
  return outcome;
}

/** A newer link for the reservation was created: the older ones still payable are expired (at Stripe too). */
export async function supersedeOlderLinks(deps: LinkDeps, link: PaymentLink): Promise<void> {
  const older = await createRepositories({ db: deps.db }).outbox.liveLinksExcept({ reservationId: link.reservationId, exceptId: link.id });
  for (const old of older.filter((l) => l.id < link.id)) {
    const state: LinkState = old.sessionId ? await deps.ports.payments.expireLink(old.sessionId) : { status: 'expired', paid: false };
    const outcome = await settleLink(deps.db, old, state, new Date(), false);
    deps.logger.info({ linkId: old.id, supersededBy: link.id, paid: state.paid, outcome }, 'older payment link superseded');
  }
}
