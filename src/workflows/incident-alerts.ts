import type { Db } from '../db/client.js';
import type { Alert, Incident } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { createIncidentAlertsRepository } from '../repositories/incident-alerts.js';

/** A claim older than this is taken over by the next sweep (the instance that made it died before noting). */
export const RELATED_ALERT_LEASE_MINUTES = 5;
/** Incidents recovered this long ago are no longer looked at (an alert raised just before 復旧 is still noted). */
const AFTER_RECOVERY_MINUTES = 60;

export interface RelatedAlertNotifier {
  /** One time-stamped line in the incident's thread, linking the alert. */
  note(incident: Incident, alert: Alert): Promise<void>;
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
