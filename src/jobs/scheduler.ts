import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { createEscalationsRepository } from '../repositories/escalations.js';
import { createScheduledPostsRepository } from '../repositories/scheduled-posts.js';
import { runScheduledPosts } from '../schedule/run.js';
import type { DueSlot } from '../schedule/slots.js';
import { createEscalationNotifier, createHoldNotifier } from '../slack/escalation-notifier.js';
import { createAlertsRepository } from '../repositories/alerts.js';
import { endDueHolds } from '../workflows/progress.js';
import { startMonthlyAudit } from '../slack/monthly-audit.js';
import { createReportPublisher } from '../slack/report-publisher.js';
import { escalateOverdueAlerts } from '../workflows/escalate-alerts.js';
import { createIncidentReminderNotifier, createRelatedAlertNotifier } from '../slack/incident-messages.js';
import { remindDueIncidentSteps } from '../workflows/incidents.js';
import { noteRelatedAlerts } from '../workflows/incident-alerts.js';
import type { JobEngine } from './engine.js';
import { stormEndNotifier, stormRule } from '../alerts/storms.js';
import { endQuietStorm } from '../workflows/storms.js';

/** The per-minute job: scheduled posts, the end of 保留, the escalation sweep, the incident checkpoints, related alerts and the end of an alert storm. */
export const MINUTE_QUEUE = 'qrv-minute';

export interface TickResult {
  posted: DueSlot[];
  escalated: Array<{ id: number; level: number }>;
  /** Alerts whose 保留 ended this tick (their assignee reminded). */
  holdsEnded: number[];
  /** Incident steps reminded this tick (past their checkpoint, still open). */
  incidentReminders: Array<{ incidentId: number; step: string }>;
  /** System alerts noted this tick in an open incident's thread (its timeline). */
  relatedAlerts: Array<{ incidentId: number; alertId: number }>;
  /** The alert storm that subsided this tick (no manual-operation alert for the window). */
  stormEnded?: number;
}

export interface Scheduler {
  /** One run of the minute job (also what start-up runs to catch up). */
  tick(): Promise<TickResult>;
  stop(): Promise<void>;
}

/**
 * Registers the minute job on pg-boss (cron `* * * * *`, one job per minute whatever the number
 * of instances), works it, and runs it once right away so that a slot missed while the bot was
 * down goes out now, marked 遅延.
 */
export async function startScheduler({ boss, deps, client, owner = randomUUID(), cron = true }: { boss: JobEngine; deps: AppDeps; client: WebClient; owner?: string; cron?: boolean }): Promise<Scheduler> {
  const logger = deps.logger.child({ component: 'scheduler' });
  const posts = createScheduledPostsRepository({ db: deps.db });
  const monthlyAudit = await startMonthlyAudit({ boss, client, deps });
  const publisher = createReportPublisher(client, deps, { afterMonthly: (where) => monthlyAudit.enqueue(where) });
  const escalations = createEscalationsRepository({ db: deps.db });
  const notifier = createEscalationNotifier(client, deps);
  const alerts = createAlertsRepository({ db: deps.db });
  const holdNotifier = createHoldNotifier(client, deps);
  const incidentNotifier = createIncidentReminderNotifier(client, deps);
  const relatedNotifier = createRelatedAlertNotifier(client, deps);
  const stormNotifier = stormEndNotifier(deps);
  let running: Promise<TickResult> = Promise.resolve({ posted: [], escalated: [], holdsEnded: [], incidentReminders: [], relatedAlerts: [] });

  const once = async (): Promise<TickResult> => {
    const posted = await runScheduledPosts({
      posts, publisher, clock: deps.clock, schedule: deps.config.schedule, timeZone: deps.config.timezone, owner, logger,
    });
    const holdsEnded = await endDueHolds({ alerts, notifier: holdNotifier, clock: deps.clock, logger });
    const escalated = await escalateOverdueAlerts({ escalations, notifier, clock: deps.clock, overrides: deps.config.alertOverrides, logger });
    const incidentReminders = await remindDueIncidentSteps({ db: deps.db, clock: deps.clock, notifier: incidentNotifier, logger });
    const relatedAlerts = await noteRelatedAlerts({ db: deps.db, clock: deps.clock, notifier: relatedNotifier, logger });
    const stormEnded = await endQuietStorm({ db: deps.db, clock: deps.clock, rule: stormRule(deps.config), notifier: stormNotifier, logger });
    return { posted, escalated, holdsEnded, incidentReminders, relatedAlerts, ...(stormEnded !== undefined ? { stormEnded } : {}) };
  };
  // One tick at a time in this instance (cron job and start-up may meet); instances race in the database.
  const tick = () => {
    running = running.catch(() => undefined).then(once) as Promise<TickResult>;
    return running;
  };

  await boss.createQueue(MINUTE_QUEUE, { name: MINUTE_QUEUE, retryLimit: 0, expireInSeconds: 300 });
  if (cron) await boss.schedule(MINUTE_QUEUE, '* * * * *', {}, { tz: deps.config.timezone });
  const workerId = cron
    ? await boss.work(MINUTE_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
        await tick();
      })
    : undefined;
  await tick().catch((error) => logger.error({ err: error }, 'start-up catch-up failed'));
  return {
    tick,
    async stop() {
      if (workerId) await boss.offWork({ id: workerId });
      await running.catch(() => undefined);
      await monthlyAudit.stop();
    },
  };
}
