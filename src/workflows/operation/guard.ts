import type { Alert, Reservation } from '../../db/schema.js';
import type { AlertKind } from '../../domain/alert-kinds.js';
import { DomainError, errors } from '../../errors.js';
import type { Repositories } from '../../repositories/index.js';

const wrongProcedure = (kind: string) =>
  new DomainError('WRONG_PROCEDURE', `このボタンはこのアラート（${kind}）の手順ではありません。`, { kind });
export const reservationMissing = () => new DomainError('RESERVATION_REQUIRED', 'このアラートには予約がありません。');

export type LockedAlert = { replay: true; alert: Alert } | { replay: false; alert: Alert };

/** How a row is read: locked for the transaction (a submission, a claim), or plainly (a form being shown). */
type Load<Row, Id> = (id: Id) => Promise<Row | undefined>;

/**
 * The alert, read by `load`, if `userId` may act on it: the right kind, not resolved (resolved by
 * this very user: a replayed submission), not someone else's.
 */
export async function openAlert(load: Load<Alert, number>, { alertId, userId, kinds }: { alertId: number; userId: string; kinds: readonly AlertKind[] }): Promise<LockedAlert> {
  const alert = await load(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  if (!(kinds as readonly string[]).includes(alert.kind)) throw wrongProcedure(alert.kind);
  if (alert.resolvedAt) {
    if (alert.resolvedBy === userId) return { replay: true, alert };
    throw errors.alreadyResolved(alert.resolvedBy);
  }
  if (alert.assignee && alert.assignee !== userId) throw errors.alreadyClaimed(alert.assignee);
  return { replay: false, alert };
}

/** Locks the alert for the transaction and checks that `userId` may act on it (openAlert). */
export function lockOpenAlert(repos: Repositories, input: { alertId: number; userId: string; kinds: readonly AlertKind[] }): Promise<LockedAlert> {
  return openAlert((id) => repos.alerts.lock(id), input);
}

/** The alert's reservation, read by `load`, if it is still in the status the alert was raised for. */
export async function expectedReservation(alert: Alert, load: Load<Reservation, string>): Promise<Reservation> {
  if (!alert.reservationId) throw reservationMissing();
  const reservation = await load(alert.reservationId);
  if (!reservation) throw errors.reservationNotFound(alert.reservationId);
  const expected = alert.expectedStatus ?? reservation.status;
  if (reservation.status !== expected) throw errors.statusChanged(reservation.status);
  return reservation;
}

/** Locks the alert's reservation and checks it is still in the status the alert was raised for. */
export function lockExpectedReservation(repos: Repositories, alert: Alert): Promise<Reservation> {
  return expectedReservation(alert, (id) => repos.reservations.lock(id));
}

/**
 * When work on an alert started, for a step that claims it or stamps its first open: the opening of
 * the operator's form (`openedAt`) when the alert was never opened (the claim after the shown form
 * had not landed: a quick submission, or the next step of a flow, came first), else `now`. An
 * alert opened before and let go, or an opening time after `now`, gives `now`.
 */
export function startedAt(alert: Alert, openedAt: Date | undefined, now: Date): Date {
  return openedAt && !alert.firstOpenedAt && openedAt.getTime() < now.getTime() ? openedAt : now;
}

/**
 * An operator who acts without 対応開始 claims the alert implicitly (same rules as claim-alert), as
 * of `startedAt` (from the opening of their form when it is given).
 */
export async function claimImplicitly(repos: Repositories, { alert, userId, at: now, openedAt }: { alert: Alert; userId: string; at: Date; openedAt?: Date }) {
  if (alert.assignee) return { alert, newlyClaimed: false };
  const at = startedAt(alert, openedAt, now);
  const claimed = await repos.alerts.claim({ id: alert.id, userId, at });
  if (!claimed) throw errors.alreadyClaimed('?');
  await repos.history.append({
    actor: userId,
    action: 'alert.claimed',
    alertId: alert.id,
    reservationId: alert.reservationId,
    before: { assignee: null },
    after: { assignee: userId, claimedAt: at.toISOString(), implicit: true },
  });
  return { alert: claimed, newlyClaimed: true };
}

export { elapsedMinutes } from '../../domain/duration.js';
