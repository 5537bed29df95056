import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { history, type HistoryEntry } from '../db/schema.js';

export interface HistoryInput {
  actor: string;
  action: string;
  reservationId?: string | null;
  alertId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The append-only record of every change the bot makes (actor, before/after). */
export interface HistoryRepository {
  append(entry: HistoryInput): Promise<void>;
  /** Several entries in one statement; the rows written, in the order given. */
  appendMany(entries: HistoryInput[]): Promise<HistoryEntry[]>;
  /** Changes (every action but reservation.viewed), newest first. */
  recentForReservation(reservationId: string, limit: number): Promise<HistoryEntry[]>;
  /** Who read the reservation's card (reservation.viewed), newest first. */
  recentViews(reservationId: string, limit: number): Promise<HistoryEntry[]>;
  /** Everything done under one alert, oldest first. */
  listForAlert(alertId: number): Promise<HistoryEntry[]>;
}

/** Written each time someone reads a reservation's client data (/qrv status, 詳細). */
export const RESERVATION_VIEWED = 'reservation.viewed';

const row = (entry: HistoryInput) => ({
  actor: entry.actor,
  action: entry.action,
  reservationId: entry.reservationId ?? null,
  alertId: entry.alertId ?? null,
  before: entry.before ?? null,
  after: entry.after ?? null,
});

export function createHistoryRepository({ db }: { db: Queryable }): HistoryRepository {
  return {
    async append(entry) {
      await db.insert(history).values(row(entry));
    },
    async appendMany(entries) {
      if (entries.length === 0) return [];
      const rows = await db.insert(history).values(entries.map(row)).returning();
      // INSERT … RETURNING gives the rows in the VALUES order on PostgreSQL; sorted by id to be sure.
      return rows.sort((a, b) => a.id - b.id);
    },
    async recentForReservation(reservationId, limit) {
      const query = prepared(db, 'qrv_history_of_reservation', () =>
        db
          .select()
          .from(history)
          .where(and(eq(history.reservationId, sql.placeholder('reservationId')), ne(history.action, RESERVATION_VIEWED)))
          .orderBy(desc(history.createdAt), desc(history.id))
          .limit(sql.placeholder('limit'))
          .prepare('qrv_history_of_reservation'),
      );
      return query.execute({ reservationId, limit });
    },
    async recentViews(reservationId, limit) {
      const query = prepared(db, 'qrv_views_of_reservation', () =>
        db
          .select()
          .from(history)
          .where(and(eq(history.reservationId, sql.placeholder('reservationId')), eq(history.action, RESERVATION_VIEWED)))
          .orderBy(desc(history.createdAt), desc(history.id))
          .limit(sql.placeholder('limit'))
          .prepare('qrv_views_of_reservation'),
      );
      return query.execute({ reservationId, limit });
    },
    async listForAlert(alertId) {
      return db.select().from(history).where(eq(history.alertId, alertId)).orderBy(asc(history.createdAt), asc(history.id));
    },
  };
}
