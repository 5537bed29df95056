import type { Alert, HistoryEntry, OperationRecord, Reservation, Shop } from '../db/schema.js';
import type { AlertsRepository } from '../repositories/alerts.js';
import type { HistoryRepository } from '../repositories/history.js';
import type { Outbox, OutboxRepository } from '../repositories/outbox.js';
import type { ReservationsRepository } from '../repositories/reservations.js';

/** The reservation's values before this alert's procedure changed them (変更前), when it did. */
export interface OriginalValues {
  startsAt?: Date;
  endsAt?: Date;
  service?: string;
}

/** Everything an alert message shows, read from the database. */
export interface AlertCard {
  alert: Alert;
  reservation: Reservation | null;
  shop: Shop | null;
  /** The record of a resolved alert (its 所要時間 is what the message shows). */
  record: OperationRecord | null;
  /** What the alert's procedure sent or refunded (local stand-ins, 要再対応's alternatives). */
  outbox?: Outbox;
  /** 曖昧な回答: what the shop actually said (its latest call_attempts.note). */
  shopWords?: string | null;
  /** 変更前: values this alert's procedure changed. */
  original?: OriginalValues | null;
}

export async function loadAlertCard(
  deps: { alerts: AlertsRepository; reservations: ReservationsRepository; history: HistoryRepository; outbox?: OutboxRepository },
  input: { alertId: number } | { alert: Alert },
): Promise<AlertCard | undefined> {
  const alert = 'alert' in input ? input.alert : await deps.alerts.findById(input.alertId);
  if (!alert) return undefined;
  const reservation = alert.reservationId ? ((await deps.reservations.findById(alert.reservationId)) ?? null) : null;
  const shopId = typeof alert.details.shop_id === 'string' ? alert.details.shop_id : reservation?.shopId;
  const shop = shopId ? ((await deps.reservations.findShop(shopId)) ?? null) : null;
  const record = alert.resolvedAt || alert.deliveryState ? ((await deps.alerts.findRecord(alert.id)) ?? null) : null;
  const outbox = alert.deliveryState && deps.outbox ? await deps.outbox.listForAlert(alert.id) : undefined;
  let shopWords: string | null = null;
  if (alert.kind === 'ambiguous_answer' && reservation && shopId) {
    const said = (await deps.reservations.listCallAttempts(reservation.id)).filter((a) => a.shopId === shopId && a.note?.trim());
    shopWords = said.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id).at(-1)?.note?.trim() ?? null;
  }
  const original = reservation ? originalValues(await deps.history.listForAlert(alert.id)) : null;
  return { alert, reservation, shop, record, shopWords, original, ...(outbox ? { outbox } : {}) };
}

/** The first recorded value of each changed field (history `before`), null when nothing changed. */
function originalValues(entries: HistoryEntry[]): OriginalValues | null {
  const out: OriginalValues = {};
  for (const e of entries) {
    if (!e.action.startsWith('reservation.') || !e.before) continue;
    const b = e.before;
    if (out.startsAt === undefined && typeof b.startsAt === 'string') out.startsAt = new Date(b.startsAt);
    if (out.endsAt === undefined && typeof b.endsAt === 'string') out.endsAt = new Date(b.endsAt);
    if (out.service === undefined && typeof b.service === 'string') out.service = b.service;
  }
  return Object.keys(out).length ? out : null;
}
