import type { Alert, HistoryEntry, OperationRecord, Reservation, Shop } from '../db/schema.js';
import type { AlertCardsRepository } from '../repositories/alert-cards.js';
import type { Outbox } from '../repositories/outbox.js';
import type { StormsRepository } from '../repositories/storms.js';
import type { StormCard } from '../views/storm.js';
import { stormIdOf } from './storms.js';

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
  /** The storm alert (マニュアルオペ多発): its storm and live tally. */
  storm?: StormCard;
}

/**
 * The alert's card, read in one query (src/repositories/alert-cards.ts): the first post, a repeat's
 * note and every re-render use it. `{ alert }` reads that alert's current row.
 */
export async function loadAlertCard(deps: { alertCards: AlertCardsRepository; storms?: StormsRepository }, input: { alertId: number } | { alert: Alert }): Promise<AlertCard | undefined> {
  const row = await deps.alertCards.read('alert' in input ? input.alert.id : input.alertId);
  if (!row) return undefined;
  const { alert, reservation, shop, record, outbox } = row;
  // 曖昧な回答: the shop's latest non-blank note (read only for that kind).
  const shopWords = row.shopNotes.map((note) => note.trim()).filter(Boolean).at(-1) ?? null;
  const original = reservation ? originalValues(row.changes) : null;
  const storm = await loadStorm(deps.storms, alert);
  return { alert, reservation, shop, record, shopWords, original, ...(outbox ? { outbox } : {}), ...(storm ? { storm } : {}) };
}

/** The storm alert's storm and its tally (a second query, for that one alert only). */
async function loadStorm(storms: StormsRepository | undefined, alert: Alert): Promise<StormCard | undefined> {
  const id = stormIdOf(alert);
  const storm = id !== undefined ? await storms?.findById(id) : undefined;
  if (!storm || !storms) return undefined;
  return { storm, tally: await storms.tally({ from: storm.windowStart, to: storm.endedAt ? storm.lastAlertAt : null }) };
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
