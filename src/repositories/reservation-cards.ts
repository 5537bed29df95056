import { eq, sql } from 'drizzle-orm';
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
  type CallAttempt,
  type HistoryEntry,
  type OperationRecord,
  type Reservation,
  type Shop,
} from '../db/schema.js';
import { prepared } from '../db/prepared.js';
import { RESERVATION_VIEWED } from './history.js';
import { fromJson, jsonbList, jsonbRowsOf, rowsFromJson } from './json-rows.js';
import type { Outbox } from './outbox.js';

/** Everything the reservation card of `/qrv status` and 詳細 shows, as stored (before this reading is recorded). */
export interface ReservationCardRow {
  reservation: Reservation;
  /** The shop the reservation is assigned to. */
  shop: Shop | null;
  /** The calls made, by round then time, with the called shop's name. */
  attempts: Array<CallAttempt & { shopName: string | null }>;
  /** The reservation's alerts, newest first, each with its record. */
  alerts: Array<Alert & { record: OperationRecord | null }>;
  /** Its changes (every action but reservation.viewed), newest first, at most `historyLimit`. */
  history: HistoryEntry[];
  /** Its readings (reservation.viewed), newest first, at most `viewsLimit`. */
  views: HistoryEntry[];
  /** What was sent or is waiting to be sent: SMS, e-mail, payment links, refunds. */
  outbox: Outbox;
}

export interface ReservationCardsRepository {
  /** The card's rows in one statement (issue 15: one round trip per reading instead of ten); undefined for an unknown reservation. */
  read(input: { reservationId: string; historyLimit: number; viewsLimit: number }): Promise<ReservationCardRow | undefined>;
}

const reservationId = sql.placeholder('reservationId');
/** An outbox table's rows of the reservation, in id order. */
const outboxOf = (table: PgTable) => jsonbRowsOf(table, 'reservation_id', reservations.id);
/** The reservation's history entries with (or without) reservation.viewed, newest first, at most `limit`. */
const historyOf = (viewed: boolean, limit: 'historyLimit' | 'viewsLimit') =>
  jsonbList(sql`select jsonb_agg(to_jsonb(h) order by h.created_at desc, h.id desc) from (
    select * from ${history} where reservation_id = ${reservations.id} and action ${viewed ? sql`=` : sql`<>`} ${RESERVATION_VIEWED}
     order by created_at desc, id desc limit ${sql.placeholder(limit)}) h`);

/** The card's query, built once per database handle (src/db/prepared.ts). */
function cardQuery(db: Queryable) {
  return prepared(db, 'qrv_reservation_card', () =>
    db
      .select({
        reservation: reservations,
        shop: shops,
        attempts: jsonbList(sql`select jsonb_agg(to_jsonb(c) || jsonb_build_object('shop_name', s.name) order by c.round, c.created_at, c.id)
          from ${callAttempts} c left join ${shops} s on s.id = c.shop_id where c.reservation_id = ${reservations.id}`),
        alerts: jsonbList(sql`select jsonb_agg(jsonb_build_object('alert', to_jsonb(a), 'record', to_jsonb(o)) order by a.created_at desc, a.id desc)
          from ${alerts} a left join ${operationRecords} o on o.alert_id = a.id where a.reservation_id = ${reservations.id}`),
        history: historyOf(false, 'historyLimit'),
        views: historyOf(true, 'viewsLimit'),
        messages: outboxOf(outboundMessages),
        paymentLinks: outboxOf(paymentLinks),
        refunds: outboxOf(refunds),
      })
      .from(reservations)
      .leftJoin(shops, eq(shops.id, reservations.shopId))
      .where(eq(reservations.id, reservationId))
      .prepare('qrv_reservation_card'),
  );
}

type Json = Record<string, unknown>;

export function createReservationCardsRepository({ db }: { db: Queryable }): ReservationCardsRepository {
  return {
    async read(input) {
      const [row] = await cardQuery(db).execute(input);
      if (!row) return undefined;
      return {
        reservation: row.reservation,
        shop: row.shop,
        attempts: (row.attempts as Json[]).map((j) => ({ ...fromJson<CallAttempt>(callAttempts, j), shopName: (j.shop_name as string | null) ?? null })),
        alerts: (row.alerts as Array<{ alert: Json; record: Json | null }>).map((j) => ({
          ...fromJson<Alert>(alerts, j.alert),
          record: j.record ? fromJson<OperationRecord>(operationRecords, j.record) : null,
        })),
        history: rowsFromJson<HistoryEntry>(history, row.history),
        views: rowsFromJson<HistoryEntry>(history, row.views),
        outbox: {
          messages: rowsFromJson<Outbox['messages'][number]>(outboundMessages, row.messages),
          paymentLinks: rowsFromJson<Outbox['paymentLinks'][number]>(paymentLinks, row.paymentLinks),
          refunds: rowsFromJson<Outbox['refunds'][number]>(refunds, row.refunds),
        },
      };
    },
  };
}
