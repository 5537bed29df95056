import { and, asc, eq, gt, gte, isNotNull, isNull, lte, ne, notExists, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { alerts, incidentAlerts, incidents, type Alert, type Incident } from '../db/schema.js';

/**
 * Related alerts in an incident's timeline (manual §7): each new `system` alert raised while a
 * declared incident is open is noted once in its thread — claimed (compare-and-set with a lease,
 * so a crashed instance's claim is taken over), then marked noted.
 */
export interface IncidentAlertsRepository {
  /**
   * System alerts posted to Slack (not repeats, not the alert the incident was declared from),
   * raised between an incident's start and its 復旧 (incidents open or ended after `endedSince`),
   * neither noted nor claimed within the lease; oldest first.
   */
  pending(input: { now: Date; leaseMinutes: number; endedSince: Date }): Promise<Array<{ incident: Incident; alert: Alert }>>;
  /** Compare-and-set: true for the one instance that notes this alert in this incident now. */
  claim(input: { incidentId: number; alertId: number; at: Date; leaseMinutes: number }): Promise<boolean>;
  markNoted(input: { incidentId: number; alertId: number; at: Date }): Promise<void>;
  /** The note could not be posted: the next sweep tries again. */
  release(input: { incidentId: number; alertId: number }): Promise<void>;
}

export function createIncidentAlertsRepository({ db }: { db: Queryable }): IncidentAlertsRepository {
  const lease = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const row = (incidentId: number, alertId: number) => and(eq(incidentAlerts.incidentId, incidentId), eq(incidentAlerts.alertId, alertId));
  return {
    async pending({ now, leaseMinutes, endedSince }) {
      const handled = db
        .select({ one: sql`1` })
        .from(incidentAlerts)
        .where(
          and(
            eq(incidentAlerts.incidentId, incidents.id),
            eq(incidentAlerts.alertId, alerts.id),
            or(isNotNull(incidentAlerts.notedAt), gt(incidentAlerts.claimedAt, lease(now, leaseMinutes))),
          ),
        );
      return db
        .select({ incident: incidents, alert: alerts })
        .from(incidents)
        .innerJoin(
          alerts,
          and(
            eq(alerts.kind, 'system'),
            gte(alerts.createdAt, incidents.createdAt),
            or(isNull(incidents.endedAt), lte(alerts.createdAt, incidents.endedAt)),
            or(isNull(incidents.alertId), ne(alerts.id, incidents.alertId)),
          ),
        )
        .where(
          and(
            isNotNull(incidents.severity),
            isNotNull(incidents.slackTs),
            or(isNull(incidents.endedAt), gt(incidents.endedAt, endedSince)),
            isNotNull(alerts.slackTs),
            isNull(alerts.duplicateOf),
            notExists(handled),
          ),
        )
        .orderBy(asc(alerts.createdAt), asc(alerts.id), asc(incidents.id));
    },

    async claim({ incidentId, alertId, at, leaseMinutes }) {
      const rows = await db
        .insert(incidentAlerts)
        .values({ incidentId, alertId, claimedAt: at })
        .onConflictDoUpdate({
          target: [incidentAlerts.incidentId, incidentAlerts.alertId],
          set: { claimedAt: at },
          setWhere: and(isNull(incidentAlerts.notedAt), lte(incidentAlerts.claimedAt, lease(at, leaseMinutes))),
        })
        .returning({ id: incidentAlerts.alertId });
      return rows.length === 1;
    },

    async markNoted({ incidentId, alertId, at }) {
      await db.update(incidentAlerts).set({ notedAt: at }).where(row(incidentId, alertId)!);
    },

    async release({ incidentId, alertId }) {
      await db.delete(incidentAlerts).where(and(row(incidentId, alertId), isNull(incidentAlerts.notedAt)));
    },
  };
}
