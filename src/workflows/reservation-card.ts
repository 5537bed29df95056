import type { CallAttempt, HistoryEntry, OperationRecord, Reservation, Shop, Alert } from '../db/schema.js';
import { errors } from '../errors.js';
import type { AlertsRepository } from '../repositories/alerts.js';
import { RESERVATION_VIEWED, type HistoryRepository } from '../repositories/history.js';
import type { Outbox, OutboxRepository } from '../repositories/outbox.js';
import type { ReservationsRepository } from '../repositories/reservations.js';

/** The reservation card of `/qrv status` (SPEC §5). */
export interface ReservationCard {
  reservation: Reservation;
  shop: Shop | null;
  attempts: Array<CallAttempt & { shopName: string | null }>;
  alerts: Array<Alert & { record: OperationRecord | null }>;
  history: HistoryEntry[];
  /** Who read this card lately (reservation.viewed), this reading included. */
  views: HistoryEntry[];
  /** What was sent or is waiting to be sent: SMS, e-mail, payment links, refunds. */
  outbox: Outbox;
}

export async function loadReservationCard(
  deps: { reservations: ReservationsRepository; alerts: AlertsRepository; history: HistoryRepository; outbox: OutboxRepository },
  {
    reservationId,
    viewer,
    historyLimit = 10,
  }: {
    reservationId: string;
    /** Who reads it, and where: written to history as reservation.viewed before the card is read. */
    viewer: { userId: string; via: 'status' | 'detail'; alertId?: number };
    historyLimit?: number;
  },
): Promise<ReservationCard> {
  const reservation = await deps.reservations.findById(reservationId);
  if (!reservation) throw errors.reservationNotFound(reservationId);
  await deps.history.append({
    actor: viewer.userId,
    action: RESERVATION_VIEWED,
    reservationId,
    alertId: viewer.alertId ?? null,
    after: { via: viewer.via },
  });
  const [shop, attempts, alerts, history, views, outbox] = await Promise.all([
    reservation.shopId ? deps.reservations.findShop(reservation.shopId) : undefined,
    deps.reservations.listCallAttempts(reservationId),
    deps.alerts.listForReservation(reservationId),
    deps.history.recentForReservation(reservationId, historyLimit),
    deps.history.recentViews(reservationId, 5),
    deps.outbox.listForReservation(reservationId),
  ]);
  return { reservation, shop: shop ?? null, attempts, alerts, history, views, outbox };
}
