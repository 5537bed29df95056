import { and, count, gte, lte, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alerts, reservations, type Incident, type IncidentStep } from '../db/schema.js';
import type { IncidentImpact } from '../views/incident-report.js';
import type { Clock } from '../domain/clock.js';
import { initialSteps, isHttpUrl, isIncidentSeverity, REPORT_REMINDER_INTERVAL_MINUTES, REPORT_STEP, stepSpec, type IncidentSeverity } from '../domain/incident-timeline.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createRepositories } from '../repositories/index.js';
import type { IncidentWithSteps } from '../repositories/incidents.js';

interface Deps {
  db: Db;
  clock: Clock;
}

export const incidentErrors = {
  notFound: (id: number) => new DomainError('INCIDENT_NOT_FOUND', `インシデントが見つかりません: #${id}`, { id }),
  stepDone: (by: string | null) => new DomainError('INCIDENT_STEP_DONE', `この手順は完了済みです${by ? `（<@${by}>）` : ''}。`, { by }),
  ended: () => new DomainError('INCIDENT_ENDED', 'このインシデントは復旧済みです。'),
  commandChanged: (commander: string | null) =>
    new DomainError('INCIDENT_COMMAND_CHANGED', `指揮者が変わっています（現在 ${commander ? `<@${commander}>` : '不明'}）。メッセージを確認してからやり直してください。`, { commander }),
  alreadyCommander: () => new DomainError('INCIDENT_ALREADY_COMMANDER', 'あなたが指揮者です。'),
  reportLinkRequired: () => new DomainError('INCIDENT_REPORT_LINK_REQUIRED', '提出済みにはレポートのリンク（http:// または https:// で始まるURL）が必要です。'),
  alreadyDeclared: (id: number) => new DomainError('INCIDENT_ALREADY_DECLARED', `このアラートからはインシデント #${id} が宣言済みです。`, { id }),
};

async function load(repos: ReturnType<typeof createRepositories>, id: number): Promise<IncidentWithSteps & { severity: IncidentSeverity }> {
  const found = await repos.incidents.find(id);
  if (!found || !isIncidentSeverity(found.incident.severity)) throw incidentErrors.notFound(id);
  return { ...found, severity: found.incident.severity };
}

/**
 * インシデント宣言 (manual §7): the record (severity, title, commander = the declarer, started now)
 * and its timeline steps with their checkpoints. From an alert, a second declaration returns the
 * first (replay: nothing new is posted).
 */
export async function declareIncident(
  { db, clock }: Deps,
  input: { severity: IncidentSeverity; title: string; userId: string; alertId?: number | null },
): Promise<IncidentWithSteps & { replay: boolean }> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const at = clock.now();
    const alertId = input.alertId ?? null;
    const created = await repos.incidents.insert({
      severity: input.severity, title: input.title, commander: input.userId, at, alertId, steps: initialSteps(input.severity, at),
    });
    if (!created) {
      const existing = alertId === null ? undefined : await repos.incidents.findByAlert(alertId);
      if (!existing) throw new Error('incident insert conflicted without an earlier incident');
      return { ...(await load(repos, existing.id)), replay: true };
    }
    await repos.history.append({ actor: input.userId, action: 'incident.declared', alertId, after: { incidentId: created.id, severity: input.severity, title: input.title } });
    return { ...(await load(repos, created.id)), replay: false };
  });
}

/**
 * 完了 of one step (optional note), once: a second click is refused with who did it. The report's
 * 提出済み requires its http(s) link, recorded with it (the reminders stop).
 */
export async function completeIncidentStep(
  { db, clock }: Deps,
  input: { incidentId: number; step: string; userId: string; note: string | null; link?: string | null },
): Promise<IncidentWithSteps & { step: IncidentStep }> {
  const link = input.link?.trim() || null;
  if (input.step === REPORT_STEP && !(link && isHttpUrl(link))) throw incidentErrors.reportLinkRequired();
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const current = await load(repos, input.incidentId);
    const spec = stepSpec(current.severity, input.step);
    const existing = current.steps.find((s) => s.step === input.step);
    if (!spec || !existing) throw incidentErrors.notFound(input.incidentId);
    const note = input.note?.trim() || null;
    const done = await repos.incidents.completeStep({ id: input.incidentId, step: input.step, userId: input.userId, at: clock.now(), note, link });
    if (!done) throw incidentErrors.stepDone(existing.doneBy);
    await repos.history.append({ actor: input.userId, action: 'incident.step_done', alertId: current.incident.alertId, after: { incidentId: input.incidentId, step: input.step, note, link } });
    return { ...(await load(repos, input.incidentId)), step: done };
  });
}

/** 指揮を引き継ぐ: the presser becomes the commander (compare-and-set on the commander the message showed). */
export async function takeIncidentCommand(
  { db }: Deps,
  input: { incidentId: number; from: string; userId: string },
): Promise<IncidentWithSteps & { previous: string }> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const current = await load(repos, input.incidentId);
    if (current.incident.endedAt) throw incidentErrors.ended();
    if (current.incident.commander === input.userId) throw incidentErrors.alreadyCommander();
    const taken = await repos.incidents.takeCommand({ id: input.incidentId, from: input.from, to: input.userId });
    if (!taken) throw incidentErrors.commandChanged(current.incident.commander);
    await repos.history.append({ actor: input.userId, action: 'incident.command', alertId: current.incident.alertId, before: { commander: input.from }, after: { commander: input.userId } });
    return { ...(await load(repos, input.incidentId)), previous: input.from };
  });
}

/** 復旧: records the end; the post-mortem / incident report becomes due (24 h / 48 h from now). */
export async function recoverIncident({ db, clock }: Deps, input: { incidentId: number; userId: string }): Promise<IncidentWithSteps> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const current = await load(repos, input.incidentId);
    const at = clock.now();
    const ended = await repos.incidents.recover({ id: input.incidentId, userId: input.userId, at });
    if (!ended) throw incidentErrors.ended();
    const report = stepSpec(current.severity, 'postmortem');
    if (report?.dueAfterRecoveryMinutes) {
      await repos.incidents.setDue({ id: input.incidentId, step: 'postmortem', dueAt: new Date(at.getTime() + report.dueAfterRecoveryMinutes * 60_000) });
    }
    await repos.history.append({ actor: input.userId, action: 'incident.recovered', alertId: current.incident.alertId, after: { incidentId: input.incidentId, endedAt: at.toISOString() } });
    return load(repos, input.incidentId);
  });
}

export interface IncidentReminderNotifier {
  remind(incident: Incident, step: IncidentStep): Promise<void>;
}

/**
 * The minute job's sweep: each open step past its checkpoint is reminded once in the incident's
 * thread, mentioning the commander; the post-mortem / incident report again every
 * REPORT_REMINDER_INTERVAL_MINUTES until 提出済み (compare-and-set on the last reminder: one
 * reminder whatever the instances).
 */
export async function remindDueIncidentSteps({ db, clock, notifier, logger }: Deps & { notifier: IncidentReminderNotifier; logger: Logger }): Promise<Array<{ incidentId: number; step: string }>> {
  const repos = createRepositories({ db });
  const now = clock.now();
  const reminded: Array<{ incidentId: number; step: string }> = [];
  const repeat = { step: REPORT_STEP, everyMinutes: REPORT_REMINDER_INTERVAL_MINUTES };
  for (const { incident, step } of await repos.incidents.dueSteps(now, repeat)) {
    const previous = step.remindedAt;
    if (!(await repos.incidents.markReminded({ id: incident.id, step: step.step, at: now, previous }))) continue;
    try {
      await notifier.remind(incident, step);
      reminded.push({ incidentId: incident.id, step: step.step });
    } catch (error) {
      logger.error({ err: error, incidentId: incident.id, step: step.step }, 'incident step reminder failed; the next minute tries again');
      await repos.incidents.unmarkReminded({ id: incident.id, step: step.step, previous });
    }
  }
  return reminded;
}

/** 影響範囲 of the report draft: reservations touched and alerts raised between the start and 復旧. */
export async function incidentImpact({ db }: { db: Db }, incident: Incident, now?: Date): Promise<IncidentImpact> {
  const from = incident.createdAt;
  const to = incident.endedAt ?? now ?? from;
  const touched = or(and(gte(reservations.createdAt, from), lte(reservations.createdAt, to)), and(gte(reservations.updatedAt, from), lte(reservations.updatedAt, to)));
  const byStatus = await db.select({ status: reservations.status, count: count() }).from(reservations).where(touched).groupBy(reservations.status).orderBy(reservations.status);
  const byKind = await db
    .select({ kind: alerts.kind, count: count() })
    .from(alerts)
    .where(and(gte(alerts.createdAt, from), lte(alerts.createdAt, to)))
    .groupBy(alerts.kind)
    .orderBy(alerts.kind);
  return {
    reservationsByStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.count) })),
    alertsByKind: byKind.map((a) => ({ kind: a.kind, count: Number(a.count) })),
  };
}
