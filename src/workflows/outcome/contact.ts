import type { Db } from '../../db/client.js';
import type { Alert } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { errors } from '../../errors.js';
import { createRepositories } from '../../repositories/index.js';
import { queuePaymentLink } from '../operation/payment-link.js';
import type { ClientContact } from '../sms-failed/resend.js';
import { lockNeedsAction, notNeedsAction } from './guard.js';

/** Where a payment link may still be sent: the shop accepted, or a link is already out. */
const LINK_STATUSES = ['calling_success', 'payment_pending'];

/**
 * The alternative of a 要再対応 payment link (manual §3.2): the operator phoned the client and
 * sends a new link to a corrected number (stored as client_phone) or by e-mail. The failed
 * message is marked replaced, a new link and message are queued (keys unique to this attempt),
 * and the alert shows 送信中 again.
 */
export async function sendToOtherContact(
  { db, clock, timeZone }: { db: Db; clock: Clock; timeZone: string },
  input: { alertId: number; userId: string; contact: ClientContact },
): Promise<{ alert: Alert }> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const before = await lockNeedsAction(repos, input);
    if (!before.reservationId) throw errors.reservationNotFound('-');
    let reservation = await repos.reservations.lock(before.reservationId);
    if (!reservation) throw errors.reservationNotFound(before.reservationId);
    if (!LINK_STATUSES.includes(reservation.status)) throw errors.statusChanged(reservation.status);
    if ((await repos.outbox.replaceFailedLinkMessages(before.id)) === 0) throw notNeedsAction();
    const now = clock.now();
    const changes = 'sms' in input.contact ? { clientPhone: input.contact.sms } : { clientEmail: input.contact.email };
    const field = 'sms' in input.contact ? 'clientPhone' : 'clientEmail';
    if (reservation[field] !== Object.values(changes)[0]) {
      const updated = await repos.reservations.updateIfStatus({ id: reservation.id, expectedStatus: reservation.status, changes, at: now });
      if (!updated) throw errors.statusChanged(reservation.status);
      await repos.history.append({ actor: input.userId, action: 'reservation.changed', alertId: before.id, reservationId: reservation.id, before: { [field]: reservation[field] }, after: changes });
      reservation = updated;
    }
    const attempt = (await repos.outbox.listForAlert(before.id)).messages.length;
    await queuePaymentLink(
      { repos, alert: before, reservation, actor: input.userId, timeZone, key: (step) => `alert:${before.id}:contact${attempt}:${step}` },
      input.contact,
    );
    const alert = await repos.alerts.reopenDelivery({ id: before.id, userId: input.userId, at: now, state: 'sending' });
    if (!alert) throw notNeedsAction();
    await repos.history.append({ actor: input.userId, action: 'alert.retry', alertId: alert.id, reservationId: reservation.id, before: { deliveryState: 'failed' }, after: { deliveryState: 'sending', via: 'sms' in input.contact ? 'sms' : 'email' } });
    return { alert };
  });
}
