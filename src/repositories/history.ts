import { asc, eq, sql } from 'drizzle-orm';
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
      const rows = entries.map(row);
      const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(value));
      const query = prepared(db, 'qrv_history_append_many', () =>
        db
          .insert(history)
          .select(
            // One statement whatever the number of entries: each column is one array parameter
            // (a 200-row VALUES list took drizzle ~8 ms of the main thread to build, issue 15). The
            // identity and created_at are the columns' defaults, taken in the entries' order.
            sql`select nextval(pg_get_serial_sequence('history', 'id')), u.reservation_id, u.alert_id, u.actor, u.action, u.before::jsonb, u.after::jsonb, now()
              from unnest(${sql.placeholder('reservationIds')}::text[], ${sql.placeholder('alertIds')}::bigint[], ${sql.placeholder('actors')}::text[],
                          ${sql.placeholder('actions')}::text[], ${sql.placeholder('befores')}::text[], ${sql.placeholder('afters')}::text[])
                with ordinality as u(reservation_id, alert_id, actor, action, before, after, n)
              order by u.n`,
          )
          .returning()
          .prepare('qrv_history_append_many'),
      );
      const written = await query.execute({
        reservationIds: rows.map((r) => r.reservationId),
        alertIds: rows.map((r) => r.alertId),
        actors: rows.map((r) => r.actor),
        actions: rows.map((r) => r.action),
        befores: rows.map((r) => json(r.before)),
        afters: rows.map((r) => json(r.after)),
      });
      // Identities are taken in the entries' order (volatile nextval runs after ORDER BY); sorted by id to be sure.
      return written.sort((a, b) => a.id - b.id);
    },
    async listForAlert(alertId) {
      return db.select().from(history).where(eq(history.alertId, alertId)).orderBy(asc(history.createdAt), asc(history.id));
    },
  };
}
