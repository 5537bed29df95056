import type { Db } from '../db/client.js';
import type { Alert, Incident } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { DomainError, errors } from '../errors.js';
import type { Logger } from '../logger.js';
import { createRepositories } from '../repositories/index.js';
import { createIncidentAlertsRepository } from '../repositories/incident-alerts.js';
import { incidentErrors } from './incidents.js';

/** A claim older than this is taken over by the next sweep (the instance that made it died before noting). */
export const RELATED_ALERT_LEASE_MINUTES = 5;
/** Incidents recovered this long ago are no longer looked at (an alert raised just before 復旧 is still noted). */
const AFTER_RECOVERY_MINUTES = 60;

export interface RelatedAlertNotifier {
  /** One time-stamped line in the incident's thread, linking the alert (and who linked it, when linked by hand). */
  note(incident: Incident, alert: Alert, linkedBy?: string): Promise<void>;
}

/**
 * The minute job's sweep (manual §7, the thread is the timeline): each system alert raised while
 * a declared incident is open is noted in the incident's thread, once per incident and alert
 * whatever the instances or retries (claim, post, mark noted; a failed post is released and
 * tried again next minute).
 */
export async function noteRelatedAlerts({ db, clock, notifier, logger }: { db: Db; clock: Clock; notifier: RelatedAlertNotifier; logger: Logger }): Promise<Array<{ incidentId: number; alertId: number }>> {
  const repo = createIncidentAlertsRepository({ db });
  const now = clock.now();
  const noted: Array<{ incidentId: number; alertId: number }> = [];
  const endedSince = new Date(now.getTime() - AFTER_RECOVERY_MINUTES * 60_000);
  for (const { incident, alert } of await repo.pending({ now, leaseMinutes: RELATED_ALERT_LEASE_MINUTES, endedSince })) {
    const key = { incidentId: incident.id, alertId: alert.id };
    if (!(await repo.claim({ ...key, at: now, leaseMinutes: RELATED_ALERT_LEASE_MINUTES }))) continue;
    try {
      await notifier.note(incident, alert);
      await repo.markNoted({ ...key, at: clock.now() });
      noted.push(key);
    } catch (error) {
      logger.error({ err: error, ...key }, 'could not note the related alert in the incident thread; the next minute tries again');
      await repo.release(key);
    }
  }
  return noted;
}

/**
 * `/qrv incident link`: any alert (a manual-operation one too) noted in a declared incident's
 * timeline by hand, once per incident and alert (the sweep's claim): a second link, or a system
 * alert the sweep noted already, is refused. A post Slack refused releases the claim (try again).
 */
export async function linkAlertToIncident(
  { db, clock, notifier }: { db: Db; clock: Clock; notifier: RelatedAlertNotifier },
  input: { incidentId: number; alertId: number; userId: string },
): Promise<{ incident: Incident; alert: Alert }> {
  const repos = createRepositories({ db });
  const found = await repos.incidents.find(input.incidentId);
  if (!found?.incident.severity) throw incidentErrors.notFound(input.incidentId);
  const alert = await repos.alerts.findById(input.alertId);
  if (!alert) throw errors.alertNotFound(input.alertId);
  const key = { incidentId: input.incidentId, alertId: input.alertId };
  if (!(await repos.incidentAlerts.claim({ ...key, at: clock.now(), leaseMinutes: RELATED_ALERT_LEASE_MINUTES }))) {
    throw new DomainError('INCIDENT_ALERT_LINKED', `アラート #${alert.id} はインシデント #${input.incidentId} のタイムラインに記録済みです。`, key);
  }
  try {
    await notifier.note(found.incident, alert, input.userId);
  } catch (error) {
    await repos.incidentAlerts.release(key);
    throw error;
  }
  await repos.incidentAlerts.markNoted({ ...key, at: clock.now() });
  await repos.history.append({ actor: input.userId, action: 'incident.alert_linked', alertId: alert.id, after: { incidentId: input.incidentId } });
  return { incident: found.incident, alert };
}
