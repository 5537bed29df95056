import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { alerts, type Alert } from '../db/schema.js';

/** What the sweep reads per alert: no Slack fields, and of `details` only the severity (a system alert's deadline). */
export type EscalationCandidate = Pick<Alert, 'id' | 'kind' | 'createdAt' | 'escalationLevel' | 'holdUntil'> & { details: { severity?: string } };

/** The escalation state of alerts (alerts.escalation_level), changed only by compare-and-set. */
export interface EscalationsRepository {
  /** Posted, unresolved alerts (要再対応 included; repeats go with their alert) below the last escalation level, oldest first. */
  listCandidates(limit: number): Promise<EscalationCandidate[]>;
  /** Raises the level from `from` to `to`; undefined when another instance (or a resolve) was first. */
  raise(input: { id: number; from: number; to: number; at: Date }): Promise<Alert | undefined>;
}

const MAX_ESCALATION_LEVEL = 2;

export function createEscalationsRepository({ db }: { db: Queryable }): EscalationsRepository {
  return {
    async listCandidates(limit) {
      const rows = await db
        .select({
          id: alerts.id,
          kind: alerts.kind,
          createdAt: alerts.createdAt,
          escalationLevel: alerts.escalationLevel,
          holdUntil: alerts.holdUntil,
          severity: sql<string | null>`${alerts.details}->>'severity'`,
        })
        .from(alerts)
        .where(and(isNull(alerts.resolvedAt), isNull(alerts.duplicateOf), isNotNull(alerts.slackTs), lt(alerts.escalationLevel, MAX_ESCALATION_LEVEL)))
        .orderBy(alerts.createdAt, alerts.id)
        .limit(limit);
      return rows.map(({ severity, ...row }) => ({ ...row, details: severity === null ? {} : { severity } }));
    },
    async raise({ id, from, to, at }) {
      const [row] = await db
        .update(alerts)
        .set({ escalationLevel: to, escalatedAt: at })
        .where(and(eq(alerts.id, id), eq(alerts.escalationLevel, from), isNull(alerts.resolvedAt), sql`${alerts.slackTs} is not null`))
        .returning();
      return row;
    },
  };
}
