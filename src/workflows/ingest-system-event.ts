import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alerts } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { SystemEvent } from '../domain/system-events.js';
import { createRepositories } from '../repositories/index.js';
import { finishAlert } from './operation/finish.js';

export type IngestResult =
  | { status: 'created'; alertId: number }
  /** The same event again, or a problem of a check whose alert is still open. */
  | { status: 'duplicate'; alertId: number }
  | { status: 'resolved'; alertId: number }
  /** A recovery with no open alert of its check (resolved already, or never raised). */
  | { status: 'no_open_alert' }
  | { status: 'ignored'; reason: string };

/**
 * One event from /hooks/…: a problem becomes one `system` alert row (the dispatcher posts it);
 * the unique keys make the same event twice, from any instance, one alert. A recovery resolves
 * the check's open alert (compare-and-set, with its record and history) — once.
 */
export async function ingestSystemEvent({ db, clock }: { db: Db; clock: Clock }, event: SystemEvent): Promise<IngestResult> {
  if (event.state === 'ignored') return { status: 'ignored', reason: event.reason };
  if (event.state === 'problem') {
    const [row] = await db
      .insert(alerts)
      .values({ kind: 'system', reservationId: null, details: event.details, ingestKey: event.key, ingestCheck: event.check })
      .onConflictDoNothing()
      .returning({ id: alerts.id });
    if (row) return { status: 'created', alertId: row.id };
    const sameCheck = event.check ? and(eq(alerts.ingestCheck, event.check), isNull(alerts.resolvedAt)) : undefined;
    const [existing] = await db
      .select({ id: alerts.id })
      .from(alerts)
      .where(sameCheck ? or(eq(alerts.ingestKey, event.key), sameCheck) : eq(alerts.ingestKey, event.key))
      .limit(1);
    // Resolved between our insert and this read: the event is still not a new alert.
    return existing ? { status: 'duplicate', alertId: existing.id } : { status: 'ignored', reason: 'conflicting alert resolved meanwhile' };
  }
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const [open] = await tx
      .select()
      .from(alerts)
      .where(and(eq(alerts.ingestCheck, event.check), isNull(alerts.resolvedAt)))
      .for('update');
    if (!open) return { status: 'no_open_alert' as const };
    const actor = event.source;
    await finishAlert(repos, {
      alert: open,
      actor,
      now: clock.now(),
      outcome: { outcome: `復旧（${event.said}）`, summary: `${event.said} を受信し、自動で解決`, result: '復旧' },
      record: { durationMinutes: null, note: null },
    });
    return { status: 'resolved' as const, alertId: open.id };
  });
}
