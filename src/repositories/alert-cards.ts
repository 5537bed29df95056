import { and, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import {
  alerts,
  callAttempts,
  history,
  operationRecords,
  outboundMessages,
  paymentLinks,
  refunds,
  reservations,
  shops,
  type Alert,
  type HistoryEntry,
  type OperationRecord,
  type Reservation,
  type Shop,
} from '../db/schema.js';
import { batched } from '../db/batched.js';
import { prepared } from '../db/prepared.js';
import { jsonbRowsOf, rowsFromJson as rows } from './json-rows.js';
import type { Outbox } from './outbox.js';

/** Everything an alert's message shows, as stored (src/workflows/alert-card.ts turns it into the card). */
export interface AlertCardRow {
  alert: Alert;
  reservation: Reservation | null;
  shop: Shop | null;
  /** The record of a resolved (or 送信中 / 要再対応) alert. */
  record: OperationRecord | null;
  /** What the alert's procedure sent or refunded; only for an alert with a delivery state. */
  outbox?: Outbox;
  /** 曖昧な回答: the notes of the calls to the alert's shop, oldest first (ambiguous_answer only). */
  shopNotes: string[];
  /** The alert's reservation.* history entries with a `before`, oldest first (変更前). */
  changes: HistoryEntry[];
}

export interface AlertCardsRepository {
  /**
   * The alert and everything its message shows, in one query (issue 15: one round trip per
   * render), shared with the other cards asked for at the same time.
   */
  read(alertId: number): Promise<AlertCardRow | undefined>;
}

/** The rows of `table` (an outbox table) for the alert, as a jsonb array in id order. */
const listOf = (table: PgTable): SQL => jsonbRowsOf(table, 'alert_id', alerts.id);

/**
 * The ID of the shop an alert is about, in a query joining alerts and reservations: details.shop_id
 * when it is a string, else the reservation's (as `shopOf` in src/workflows/operation/shop.ts).
 */
export const alertShopId = (): SQL<string | null> =>
  sql<string | null>`coalesce(case when jsonb_typeof(${alerts.details}->'shop_id') = 'string' then ${alerts.details}->>'shop_id' end, ${reservations.shopId})`;

/**
 * The cards' query, built once per database handle (src/db/prepared.ts): every post and re-render
 * reads one, and the alerts posted or re-rendered at the same time are read together.
 */
function cardsQuery(db: Queryable) {
  return prepared(db, 'qrv_alert_cards', () => {
    const shopId = alertShopId();
    return db
      .select({
        alert: alerts,
        reservation: reservations,
        shop: shops,
        record: operationRecords,
        outbox: sql<Record<string, unknown> | null>`case when ${alerts.deliveryState} is not null then jsonb_build_object(
          'messages', ${listOf(outboundMessages)},
          'paymentLinks', ${listOf(paymentLinks)},
          'refunds', ${listOf(refunds)}) end`,
        shopNotes: sql<string[] | null>`case when ${alerts.kind} = 'ambiguous_answer' and ${reservations.id} is not null then (
          select jsonb_agg(c.note order by c.created_at, c.id) from ${callAttempts} c
           where c.reservation_id = ${reservations.id} and c.shop_id = ${shopId} and c.note is not null) end`,
        changes: sql<unknown[] | null>`case when ${reservations.id} is not null then (
          select jsonb_agg(to_jsonb(h) order by h.created_at, h.id) from ${history} h
           where h.alert_id = ${alerts.id} and h.action like 'reservation.%' and h.before is not null) end`,
      })
      .from(alerts)
      .leftJoin(reservations, eq(reservations.id, alerts.reservationId))
      .leftJoin(shops, eq(shops.id, shopId))
      .leftJoin(operationRecords, and(eq(operationRecords.alertId, alerts.id), or(isNotNull(alerts.resolvedAt), isNotNull(alerts.deliveryState))))
      .where(sql`${alerts.id} = any(${sql.placeholder('ids')}::bigint[])`)
      .prepare('qrv_alert_cards');
  });
}

type CardQueryRow = Awaited<ReturnType<ReturnType<typeof cardsQuery>['execute']>>[number];

function cardOf(row: CardQueryRow): AlertCardRow {
  const outbox = row.outbox
    ? {
        messages: rows<Outbox['messages'][number]>(outboundMessages, row.outbox.messages),
        paymentLinks: rows<Outbox['paymentLinks'][number]>(paymentLinks, row.outbox.paymentLinks),
        refunds: rows<Outbox['refunds'][number]>(refunds, row.outbox.refunds),
      }
    : undefined;
  return {
    alert: row.alert,
    reservation: row.reservation,
    shop: row.shop,
    record: row.record,
    ...(outbox ? { outbox } : {}),
    shopNotes: row.shopNotes ?? [],
    changes: rows<HistoryEntry>(history, row.changes),
  };
}

export function createAlertCardsRepository({ db }: { db: Queryable }): AlertCardsRepository {
  return {
    // Batched across callers (src/db/batched.ts): an alert storm's posts read their cards a statement per batch, not one each.
    read: (alertId) =>
      batched(db, 'alert_cards', async (ids: readonly number[]) => {
        const found = await cardsQuery(db).execute({ ids: [...ids] });
        return new Map(found.map((row) => [row.alert.id, cardOf(row)]));
      })(alertId),
  };
}
