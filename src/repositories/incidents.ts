import { and, asc, eq, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { incidents, incidentSteps, type Incident, type IncidentStep } from '../db/schema.js';
import type { IncidentSeverity } from '../domain/incident-timeline.js';

export interface IncidentWithSteps {
  incident: Incident;
  steps: IncidentStep[];
}

/** Declared incidents (manual §7) and their timeline steps; every change a compare-and-set. */
export interface IncidentsRepository {
  /** A new declared incident; undefined when one was already declared from this alert. */
  insert(input: { severity: IncidentSeverity; title: string; commander: string; at: Date; alertId: number | null; steps: Array<{ step: string; dueAt: Date | null }> }): Promise<Incident | undefined>;
  findByAlert(alertId: number): Promise<Incident | undefined>;
  find(id: number): Promise<IncidentWithSteps | undefined>;
  /** Declared incidents (not the one-line records) that lasted into [from, to): started before `to`, not ended before `from`; oldest first. */
  declaredDuring(p: { from: Date; to: Date }): Promise<Incident[]>;
  /** The incident message's permalink, once known. */
  setPermalink(input: { id: number; permalink: string }): Promise<void>;
  /** Stores the incident message once (false: stored already by someone else). */
  setMessage(input: { id: number; channel: string; ts: string }): Promise<boolean>;
  /** 完了 of an open step (提出済み of the report with its link); undefined when it was done already. */
  completeStep(input: { id: number; step: string; userId: string; at: Date; note: string | null; link?: string | null }): Promise<IncidentStep | undefined>;
  /** 指揮を引き継ぐ: from the commander the screen showed to `to`; undefined when it changed meanwhile or the incident ended. */
  takeCommand(input: { id: number; from: string; to: string }): Promise<Incident | undefined>;
  /** 復旧: the end; undefined when recorded already. */
  recover(input: { id: number; userId: string; at: Date }): Promise<Incident | undefined>;
  /** Sets a step's checkpoint (the post-mortem's, from 復旧). */
  setDue(input: { id: number; step: string; dueAt: Date }): Promise<void>;
  /**
   * Open steps past their checkpoint, not yet reminded — or, for `repeat.step`, last reminded at
   * least `repeat.everyMinutes` ago; steps before 復旧 only while the incident is open.
   */
  dueSteps(now: Date, repeat: { step: string; everyMinutes: number }): Promise<Array<{ incident: Incident; step: IncidentStep }>>;
  /** Compare-and-set on the last reminder the sweep saw (`previous`): false when another instance sent this one. */
  markReminded(input: { id: number; step: string; at: Date; previous: Date | null }): Promise<boolean>;
  /** The reminder could not be posted: back to the previous one, so the next sweep tries again. */
  unmarkReminded(input: { id: number; step: string; previous: Date | null }): Promise<void>;
}

export function createIncidentsRepository({ db }: { db: Queryable }): IncidentsRepository {
  return {
    async insert({ severity, title, commander, at, alertId, steps }) {
      const [row] = await db
        .insert(incidents)
        .values({ summary: title, actor: commander, commander, severity, createdAt: at, alertId })
        .onConflictDoNothing()
        .returning();
      if (!row) return undefined;
      await db.insert(incidentSteps).values(steps.map((s) => ({ incidentId: row.id, step: s.step, dueAt: s.dueAt })));
      return row;
    },

    async findByAlert(alertId) {
      const [row] = await db.select().from(incidents).where(eq(incidents.alertId, alertId));
      return row;
    },

    async find(id) {
      const [incident] = await db.select().from(incidents).where(eq(incidents.id, id));
      if (!incident) return undefined;
      const steps = await db.select().from(incidentSteps).where(eq(incidentSteps.incidentId, id));
      return { incident, steps };
    },

    async declaredDuring({ from, to }) {
      return db
        .select()
        .from(incidents)
        .where(and(isNotNull(incidents.severity), lt(incidents.createdAt, to), or(isNull(incidents.endedAt), gte(incidents.endedAt, from))))
        .orderBy(asc(incidents.createdAt), asc(incidents.id));
    },

    async setPermalink({ id, permalink }) {
      await db.update(incidents).set({ permalink }).where(eq(incidents.id, id));
    },

    async setMessage({ id, channel, ts }) {
      const rows = await db
        .update(incidents)
        .set({ slackChannel: channel, slackTs: ts })
        .where(and(eq(incidents.id, id), isNull(incidents.slackTs)))
        .returning({ id: incidents.id });
      return rows.length === 1;
    },

    async completeStep({ id, step, userId, at, note, link = null }) {
      const [row] = await db
        .update(incidentSteps)
        .set({ doneAt: at, doneBy: userId, note, link })
        .where(and(eq(incidentSteps.incidentId, id), eq(incidentSteps.step, step), isNull(incidentSteps.doneAt)))
        .returning();
      return row;
    },

    async takeCommand({ id, from, to }) {
      const [row] = await db
        .update(incidents)
        .set({ commander: to })
        .where(and(eq(incidents.id, id), eq(incidents.commander, from), isNull(incidents.endedAt)))
        .returning();
      return row;
    },

    async recover({ id, userId, at }) {
      const [row] = await db
        .update(incidents)
        .set({ endedAt: at, endedBy: userId })
        .where(and(eq(incidents.id, id), isNull(incidents.endedAt)))
        .returning();
      return row;
    },

    async setDue({ id, step, dueAt }) {
      await db.update(incidentSteps).set({ dueAt }).where(and(eq(incidentSteps.incidentId, id), eq(incidentSteps.step, step)));
    },

    async dueSteps(now, repeat) {
      const repeatBefore = new Date(now.getTime() - repeat.everyMinutes * 60_000);
      const rows = await db
        .select({ incident: incidents, step: incidentSteps })
        .from(incidentSteps)
        .innerJoin(incidents, eq(incidents.id, incidentSteps.incidentId))
        .where(
          and(
            lte(incidentSteps.dueAt, now),
            isNull(incidentSteps.doneAt),
            or(isNull(incidentSteps.remindedAt), and(eq(incidentSteps.step, repeat.step), lte(incidentSteps.remindedAt, repeatBefore))),
            or(isNull(incidents.endedAt), eq(incidentSteps.step, sql`'postmortem'`)),
          ),
        )
        .orderBy(asc(incidentSteps.dueAt));
      return rows;
    },

    async markReminded({ id, step, at, previous }) {
      const seen = previous ? eq(incidentSteps.remindedAt, previous) : isNull(incidentSteps.remindedAt);
      const rows = await db
        .update(incidentSteps)
        .set({ remindedAt: at })
        .where(and(eq(incidentSteps.incidentId, id), eq(incidentSteps.step, step), seen, isNull(incidentSteps.doneAt)))
        .returning({ id: incidentSteps.incidentId });
      return rows.length === 1;
    },

    async unmarkReminded({ id, step, previous }) {
      await db.update(incidentSteps).set({ remindedAt: previous }).where(and(eq(incidentSteps.incidentId, id), eq(incidentSteps.step, step)));
    },
  };
}
