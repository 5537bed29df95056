import { and, count, eq, gt, gte, inArray, lte, max, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { alerts, alertStorms, type AlertStorm } from '../db/schema.js';
import { MANUAL_OPERATION_KINDS } from '../domain/storm.js';

/** Alert storms (issue 14 item 6) and the counts of manual-operation alerts they are judged on. */
export interface StormsRepository {
  findOpen(): Promise<AlertStorm | undefined>;
  findById(id: number): Promise<AlertStorm | undefined>;
  /** A new open storm; undefined when one is open already (another instance was first). */
  insertOpen(input: { windowStart: Date; startedAt: Date; trigger: string; triggerCount: number; windowMinutes: number }): Promise<AlertStorm | undefined>;
  /** Links the storm to its message (the system alert). */
  setAlert(input: { id: number; alertId: number }): Promise<void>;
  /** Manual-operation alerts created in (from, to]. */
  countManual(input: { from: Date; to: Date }): Promise<number>;
  /** Manual-operation alerts created from `from` (until `to`), by kind, most first. */
  tally(input: { from: Date; to?: Date | null }): Promise<Array<{ kind: string; count: number }>>;
  /** The newest manual-operation alert created from `from`. */
  lastManualAt(from: Date): Promise<Date | undefined>;
  /** Compare-and-set: the open storm ends; undefined when it had ended already. */
  end(input: { id: number; at: Date; lastAlertAt: Date }): Promise<AlertStorm | undefined>;
}

const manual = inArray(alerts.kind, [...MANUAL_OPERATION_KINDS]);

export function createStormsRepository({ db }: { db: Queryable }): StormsRepository {
  return {
    async findOpen() {
      // Asked before every manual-operation alert is posted: built once (src/db/prepared.ts).
      const query = prepared(db, 'qrv_open_storm', () => db.select().from(alertStorms).where(eq(alertStorms.open, true)).prepare('qrv_open_storm'));
      const [row] = await query.execute();
      return row;
    },
    async findById(id) {
      const [row] = await db.select().from(alertStorms).where(eq(alertStorms.id, id));
      return row;
    },
    async insertOpen(input) {
      const [row] = await db
        .insert(alertStorms)
        .values(input)
        .onConflictDoNothing({ target: alertStorms.open, where: sql`${alertStorms.open}` })
        .returning();
      return row;
    },
    async setAlert({ id, alertId }) {
      await db.update(alertStorms).set({ alertId }).where(eq(alertStorms.id, id));
    },
    async countManual({ from, to }) {
      const [row] = await db.select({ n: count() }).from(alerts).where(and(manual, gt(alerts.createdAt, from), lte(alerts.createdAt, to)));
      return Number(row?.n ?? 0);
    },
    async tally({ from, to }) {
      const rows = await db
        .select({ kind: alerts.kind, count: count() })
        .from(alerts)
        .where(and(manual, gte(alerts.createdAt, from), to ? lte(alerts.createdAt, to) : undefined))
        .groupBy(alerts.kind);
      return rows.map((r) => ({ kind: r.kind, count: Number(r.count) })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
    },
    async lastManualAt(from) {
      const [row] = await db.select({ at: max(alerts.createdAt) }).from(alerts).where(and(manual, gte(alerts.createdAt, from)));
      return row?.at ?? undefined;
    },
    async end({ id, at, lastAlertAt }) {
      const [row] = await db
        .update(alertStorms)
        .set({ open: false, endedAt: at, lastAlertAt })
        .where(and(eq(alertStorms.id, id), eq(alertStorms.open, true)))
        .returning();
      return row;
    },
  };
}
