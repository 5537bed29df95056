import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { alerts, alertStorms, reservations } from '../../src/db/schema.js';

/** The four manual-operation kinds that are not 緊急 (they go into a storm's thread), in turn. */
export const STORM_KINDS = ['all_shops_ng', 'ambiguous_answer', 'change_request', 'late_cancel'] as const;

/**
 * `n` manual-operation alerts as the core raises them, each on its own reservation (no repeats),
 * created at `at`; returns their ids in order.
 */
export async function raiseManualAlerts(db: Db, n: number, at: Date, offset = 0): Promise<number[]> {
  const ids = Array.from({ length: n }, (_, i) => `QRV-S${String(offset + i).padStart(5, '0')}`);
  await db.insert(reservations).values(
    ids.map((id) => ({
      id, service: 'Aroma Massage', startsAt: new Date('2026-12-10T05:00:00Z'), endsAt: new Date('2026-12-10T08:00:00Z'),
      address: '東京都渋谷区道玄坂1-2-3', clientPhone: '080-1234-5678', status: 'calling_failed',
    })),
  );
  const rows = await db
    .insert(alerts)
    .values(ids.map((reservationId, i) => ({ kind: STORM_KINDS[(offset + i) % STORM_KINDS.length]!, reservationId, details: {}, createdAt: at })))
    .returning({ id: alerts.id });
  return rows.map((r) => r.id);
}

/** The storms recorded, and their messages (system alerts). */
export async function stormsOf(db: Db) {
  const storms = await db.select().from(alertStorms).orderBy(alertStorms.id);
  const messages = await db.select().from(alerts).where(sql`${alerts.kind} = 'system' and ${alerts.details} ? 'storm_id'`);
  return { storms, messages };
}

export async function alertRow(db: Db, id: number) {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row!;
}

export async function unposted(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(sql`${alerts.slackTs} is null`);
  return Number(row!.n);
}
