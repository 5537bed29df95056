import type { Alert, OperationRecord, Reservation, Shop } from '../db/schema.js';
import type { AlertsRepository } from '../repositories/alerts.js';
import type { Outbox, OutboxRepository } from '../repositories/outbox.js';
import type { ReservationsRepository } from '../repositories/reservations.js';

/** Everything an alert message shows, read from the database. */
export interface AlertCard {
  alert: Alert;
  reservation: Reservation | null;
  shop: Shop | null;
  /** The record of a resolved alert (its 所要時間 is what the message shows). */
  record: OperationRecord | null;
  /** What the alert's procedure sent or refunded (local stand-ins, 要再対応's alternatives). */
  outbox?: Outbox;
}

export async function loadAlertCard(
  deps: { alerts: AlertsRepository; reservations: ReservationsRepository; outbox?: OutboxRepository },
  input: { alertId: number } | { alert: Alert },
): Promise<AlertCard | undefined> {
  const alert = 'alert' in input ? input.alert : await deps.alerts.findById(input.alertId);
  if (!alert) return undefined;
  const reservation = alert.reservationId ? ((await deps.reservations.findById(alert.reservationId)) ?? null) : null;
  const shopId = typeof alert.details.shop_id === 'string' ? alert.details.shop_id : reservation?.shopId;
  const shop = shopId ? ((await deps.reservations.findShop(shopId)) ?? null) : null;
  const record = alert.resolvedAt || alert.deliveryState ? ((await deps.alerts.findRecord(alert.id)) ?? null) : null;
  const outbox = alert.deliveryState && deps.outbox ? await deps.outbox.listForAlert(alert.id) : undefined;
  return { alert, reservation, shop, record, ...(outbox ? { outbox } : {}) };
}
