import type { Db } from '../../src/db/client.js';
import { alerts, callAttempts, reservations } from '../../src/db/schema.js';
import type { Clock } from '../../src/domain/clock.js';

let counter = 0;

/** A reservation ID that matches QRV-[A-Z0-9]{6}. */
const nextReservationId = () => `QRV-${(++counter).toString(36).toUpperCase().padStart(6, '0')}`;

/** JST wall-clock time → instant: jst('2026-11-30 10:00'). */
export const jst = (text: string) => new Date(`${text.replace(' ', 'T')}:00+09:00`);

export const fixedClock = (at: Date | string): Clock & { set(to: Date | string): void } => {
  let now = typeof at === 'string' ? jst(at) : at;
  return {
    now: () => now,
    set(to) {
      now = typeof to === 'string' ? jst(to) : to;
    },
  };
};

/** Reservations as the core writes them, created at the given JST time. */
export async function seedReservations(
  db: Db,
  createdAt: string,
  statuses: string[],
  extra: Partial<typeof reservations.$inferInsert> = {},
): Promise<string[]> {
  if (statuses.length === 0) return [];
  const at = jst(createdAt);
  const rows = statuses.map((status) => ({
    id: nextReservationId(),
    service: 'Aroma Massage',
    startsAt: new Date(at.getTime() + 2 * 86_400_000),
    endsAt: new Date(at.getTime() + 2 * 86_400_000 + 3_600_000),
    address: '東京都渋谷区道玄坂1-2-3',
    clientPhone: '080-1234-5678',
    status,
    createdAt: at,
    updatedAt: at,
    ...extra,
  }));
  await db.insert(reservations).values(rows);
  return rows.map((r) => r.id);
}

export async function seedCalls(db: Db, reservationId: string, shopId: string, outcomes: string[]) {
  await db.insert(callAttempts).values(outcomes.map((outcome, i) => ({ reservationId, shopId, round: i < 5 ? 1 : 2, outcome })));
}

/** An alert the core raised at a JST time, optionally claimed/resolved at JST times. */
export async function seedAlert(
  db: Db,
  input: { kind: string; reservationId?: string | null; at: string; claimedAt?: string; resolvedAt?: string; details?: Record<string, unknown>; slackTs?: string; slackChannel?: string },
): Promise<number> {
  const [row] = await db
    .insert(alerts)
    .values({
      kind: input.kind,
      reservationId: input.reservationId ?? null,
      details: input.details ?? {},
      createdAt: jst(input.at),
      assignee: input.claimedAt ? 'U0SATO' : null,
      claimedAt: input.claimedAt ? jst(input.claimedAt) : null,
      resolvedAt: input.resolvedAt ? jst(input.resolvedAt) : null,
      resolvedBy: input.resolvedAt ? 'U0SATO' : null,
      slackTs: input.slackTs ?? `1700000000.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      slackChannel: input.slackChannel ?? 'C0QRVALERT',
      postedAt: jst(input.at),
    })
    .returning({ id: alerts.id });
  return row!.id;
}
