import { and, count, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';
import { incidents, outboundMessages, reservations } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { isMobileJapan } from '../domain/phone.js';
import type { ReservationStatus } from '../domain/reservation-status.js';
import { createRepositories } from '../repositories/index.js';
import { incidentErrors } from './incidents.js';

/** Default selection (manual §7.2): not yet confirmed. */
export const DEFAULT_AFFECTED_STATUSES: ReservationStatus[] = ['received', 'calling', 'calling_success', 'payment_pending', 'calling_failed'];

/** `{予約ID}` is replaced per client. */
export const RESERVATION_ID_PLACEHOLDER = '{予約ID}';

export const DEFAULT_STATUS_SMS_TEMPLATE =
  '【QRV】ご予約（{予約ID}）について、ただいまシステム障害のため電話代行のお手続きに遅れが出ております。復旧しだい改めてご連絡いたします。ご迷惑をおかけし申し訳ございません。';

export const fillTemplate = (template: string, reservationId: string) => template.split(RESERVATION_ID_PLACEHOLDER).join(reservationId);

export interface AffectedClients {
  /** Reservations that will get the SMS. */
  recipients: Array<{ reservationId: string; phone: string }>;
  /** Reservations skipped: no number an SMS can reach. */
  skipped: Array<{ reservationId: string; phone: string }>;
}

/**
 * The incident's affected reservations: in one of `statuses`, created or updated since the incident
 * started; a client without a mobile number is skipped (listed). Oldest first.
 */
export async function findAffectedClients({ db }: { db: Queryable }, input: { incidentId: number; statuses: string[] }): Promise<AffectedClients> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, input.incidentId));
  if (!incident?.severity) throw incidentErrors.notFound(input.incidentId);
  if (input.statuses.length === 0) return { recipients: [], skipped: [] };
  const rows = await db
    .select({ id: reservations.id, phone: reservations.clientPhone })
    .from(reservations)
    .where(and(inArray(reservations.status, input.statuses), or(gte(reservations.createdAt, incident.createdAt), gte(reservations.updatedAt, incident.createdAt))))
    .orderBy(reservations.createdAt, reservations.id);
  const result: AffectedClients = { recipients: [], skipped: [] };
  for (const r of rows) (isMobileJapan(r.phone) ? result.recipients : result.skipped).push({ reservationId: r.id, phone: r.phone });
  return result;
}

/**
 * 送信: one outbox row per affected client in one transaction, idempotent per incident and
 * reservation (a double confirm or a retry queues nothing twice); durable delivery sends them.
 */
export async function queueStatusSms(
  { db }: { db: Db; clock: Clock },
  input: { incidentId: number; userId: string; statuses: string[]; template: string },
): Promise<AffectedClients & { queued: number }> {
  return db.transaction(async (tx) => {
    const affected = await findAffectedClients({ db: tx }, input);
    const repos = createRepositories({ db: tx });
    let queued = 0;
    for (const r of affected.recipients) {
      // Inserted or not (a double confirm, even concurrent, finds the first one's row: nothing twice).
      const inserted = await tx
        .insert(outboundMessages)
        .values({
          reservationId: r.reservationId, alertId: null, incidentId: input.incidentId, channel: 'sms', recipient: r.phone,
          body: fillTemplate(input.template, r.reservationId), requestedBy: input.userId, idempotencyKey: `incident:${input.incidentId}:status-sms:${r.reservationId}`,
        })
        .onConflictDoNothing({ target: outboundMessages.idempotencyKey })
        .returning({ id: outboundMessages.id });
      queued += inserted.length;
    }
    if (queued > 0) await tx.update(incidents).set({ statusSmsReportedAt: null }).where(eq(incidents.id, input.incidentId));
    await repos.history.append({ actor: input.userId, action: 'incident.status_sms', after: { incidentId: input.incidentId, recipients: affected.recipients.length, skipped: affected.skipped.map((s) => s.reservationId) } });
    return { ...affected, queued };
  });
}

export interface StatusSmsTally {
  sent: number;
  failed: number;
  pending: number;
}

export async function statusSmsTally({ db }: { db: Db }, incidentId: number): Promise<StatusSmsTally> {
  const rows = await db
    .select({ status: outboundMessages.status, n: count() })
    .from(outboundMessages)
    .where(eq(outboundMessages.incidentId, incidentId))
    .groupBy(outboundMessages.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  return { sent: by.sent ?? 0, failed: by.failed ?? 0, pending: (by.pending ?? 0) + (by.sending ?? 0) };
}

/** After one status SMS ended: the final tally once none is left (compare-and-set: one post whatever the instances). */
export async function finishStatusSms({ db }: { db: Db }, incidentId: number): Promise<StatusSmsTally | undefined> {
  const tally = await statusSmsTally({ db }, incidentId);
  if (tally.pending > 0) return undefined;
  const rows = await db
    .update(incidents)
    .set({ statusSmsReportedAt: sql`now()` })
    .where(and(eq(incidents.id, incidentId), isNull(incidents.statusSmsReportedAt)))
    .returning({ id: incidents.id });
  return rows.length === 1 ? tally : undefined;
}
