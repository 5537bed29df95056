import type { Alert, Reservation, Shop } from '../../db/schema.js';
import type { CallOutcome } from '../../domain/reservation-status.js';
import { DomainError } from '../../errors.js';
import type { Repositories } from '../../repositories/index.js';
import type { ReservationChanges } from '../../repositories/reservations.js';
import type { Operation } from './run.js';

/** The shop an alert is about: details.shop_id (曖昧な回答, 変更依頼), else the reservation's shop. */
export async function shopOf(repos: Repositories, alert: Alert, reservation: Reservation | null): Promise<Shop | null> {
  const id = typeof alert.details.shop_id === 'string' ? alert.details.shop_id : reservation?.shopId;
  return id ? ((await repos.reservations.findShop(id)) ?? null) : null;
}

const shopUnknown = () => new DomainError('SHOP_UNKNOWN', 'このアラートの提携店が分かりません（details.shop_id がありません）。');

async function setAttempt(op: Operation, shop: Shop, from: CallOutcome[], to: CallOutcome) {
  const attempt = await op.repos.reservations.setAttemptOutcome({ reservationId: op.reservation.id, shopId: shop.id, from, to });
  if (!attempt) return;
  await op.repos.history.append({
    actor: op.actor,
    action: 'call_attempt.outcome',
    alertId: op.alert.id,
    reservationId: op.reservation.id,
    before: { shopId: shop.id, round: attempt.round, outcome: from.join('|') },
    after: { shopId: shop.id, round: attempt.round, outcome: to },
  });
}

/** The shop said yes: its attempt becomes ok, it is assigned, the reservation is calling_success. */
export async function acceptShop(op: Operation, from: CallOutcome[], changes: ReservationChanges = {}): Promise<Shop> {
  if (!op.shop) throw shopUnknown();
  await setAttempt(op, op.shop, from, 'ok');
  await op.update({ ...changes, status: 'calling_success', shopId: op.shop.id });
  return op.shop;
}

/** The shop is declined: its attempt becomes ng and `calling` has the core go on with the next shop. */
export async function declineShopAndResume(op: Operation, from: CallOutcome[]): Promise<Shop> {
  if (!op.shop) throw shopUnknown();
  await setAttempt(op, op.shop, from, 'ng');
  await op.update({ status: 'calling' });
  return op.shop;
}
