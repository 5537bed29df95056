/**
 * Slack follows the database. Whatever changes an alert (claim, hand-over, 進捗メモ, 保留, a
 * procedure's end, a delivery's result) commits first, then asks for a durable `qrv-alert-sync`
 * job, one at a time per alert (pg-boss `stately` queue, singleton per alert). The job re-renders
 * the alert message from the database and posts, in order, the thread notes of the history rows
 * Slack has not shown yet (`alerts.slack_synced_history_id`) and the queued `alert_notes`. A failed
 * Slack call fails the job, which pg-boss retries; a crash between the commit and the request is
 * found by the sweep (start-up and every minute). The operator never waits on any of it.
 */
import type { WebClient } from '@slack/web-api';
import type { AlertNote, HistoryEntry } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import { workBacklog, type JobEngine } from '../jobs/engine.js';
import type { Logger } from '../logger.js';
import { historyNote } from '../views/alert-notes.js';
import { postAlertThreadNote, updateAlertMessage } from './alert-messages.js';

export const ALERT_SYNC_QUEUE = 'qrv-alert-sync';
export const ALERT_SYNC_SWEEP_QUEUE = 'qrv-alert-sync-sweep';

/** What handlers and notifiers use after their commit (no Slack call: a job does it). */
export interface AlertSync {
  /**
   * Slack will show the alert as the database has it now (message and history notes).
   * `afterSeconds`: not before then — requests meanwhile are folded into that one (an alert
   * storm's tally: Slack's chat.update limit).
   */
  request(alertId: number, options?: { afterSeconds?: number }): Promise<void>;
  /** A thread note that is not in the history (a delivery's result…), posted after what came before it. */
  note(alertId: number, ...texts: string[]): Promise<void>;
}

export interface AlertSyncJobs extends AlertSync {
  /** The work of one job: brings Slack up to the database for this alert. */
  sync(alertId: number): Promise<void>;
  /** Start-up and every minute: a job for every posted alert Slack is behind on. */
  sweep(): Promise<number>;
  /** Starts the workers (once Slack is connected); jobs requested before wait in the queue. */
  start(client: WebClient, deps: AppDeps): Promise<void>;
  stop(): Promise<void>;
}

type Item = { at: number; history: HistoryEntry } | { at: number; note: AlertNote };

/** The queues exist from start-up (handlers may request before the workers start). */
export async function createAlertSyncJobs(options: { boss: JobEngine; db: AppDeps['db']; logger: Logger; retryDelaySeconds?: number }): Promise<AlertSyncJobs> {
  const { boss, db } = options;
  const log = options.logger.child({ component: 'alert-sync' });
  const repos = repositories(db);
  await boss.createQueue(ALERT_SYNC_QUEUE, {
    name: ALERT_SYNC_QUEUE,
    policy: 'stately',
    retryLimit: 8,
    retryDelay: options.retryDelaySeconds ?? 2,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  await boss.createQueue(ALERT_SYNC_SWEEP_QUEUE, { name: ALERT_SYNC_SWEEP_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 120 });
  const syncWorkers: string[] = [];
  let sweepWorker: string | undefined;
  let slack: { client: WebClient; deps: AppDeps } | undefined;

  /**
   * Delayed requests folded here, by alert, until when: a delayed job this process queued (send
   * gave a job id) until it starts, less a second (clocks); or, when send was folded into a job
   * already waiting (it gave none), for as long. Until then a delayed request for that alert is
   * folded here without asking the queue (under an alert storm, every alert joining the storm asks
   * for its tally): the waiting job reads the database when it starts, after this request's
   * commit. When this process's worker starts a sync of that alert, folding ends at once; a job
   * another instance starts ends it at the latest then.
   */
  const delayedUntil = new Map<number, number>();
  /** Syncs this process's workers started (any alert): a request whose send a start overlapped does not fold. */
  let syncStarts = 0;

  async function request(alertId: number, options: { afterSeconds?: number } = {}) {
    const after = options.afterSeconds ?? 0;
    const now = Date.now();
    if (after > 0 && (delayedUntil.get(alertId) ?? 0) > now) return;
    delayedUntil.delete(alertId);
    const later = after > 0 ? { startAfter: after } : {};
    // A stately queue keeps one waiting job per alert: a request while one waits is folded into it.
    const startsBefore = syncStarts;
    await boss.send(ALERT_SYNC_QUEUE, { alertId }, { singletonKey: `alert:${alertId}`, ...later });
    // A sync started here meanwhile may be the job this was folded into, already past its read: no folding then.
    if (after > 1 && syncStarts === startsBefore) delayedUntil.set(alertId, now + (after - 1) * 1000);
    // Due now: the sync workers look at once rather than at their next poll (a delayed job is not due: nothing to wake them for).
    if (after === 0) for (const id of syncWorkers) boss.notifyWorker(id);
  }

  async function sync(alertId: number) {
    if (!slack) throw new Error('alert sync: Slack is not connected yet');
    const { client, deps } = slack;
    const alert = await repos.alerts.findById(alertId);
    // Not in Slack yet: the dispatcher posts the alert as it is then (the sweep comes back after).
    if (!alert?.slackTs) return;
    const [history, notes] = [await repos.alertSync.historySince(alertId), await repos.alertSync.pendingNotes(alertId)];
    await updateAlertMessage(client, deps, alertId);
    const items: Item[] = [...history.map((h) => ({ at: h.createdAt.getTime(), history: h })), ...notes.map((n) => ({ at: n.createdAt.getTime(), note: n }))];
    items.sort((a, b) => a.at - b.at || ('history' in a ? 0 : 1) - ('history' in b ? 0 : 1));
    for (const item of items) {
      if ('note' in item) {
        const ts = await postAlertThreadNote(client, alert, item.note.text);
        await repos.alertSync.markNotePosted({ id: item.note.id, ts: ts ?? '' });
        continue;
      }
      const entry = item.history;
      const resolved = entry.action === 'alert.resolved';
      const text = historyNote(entry, {
        timeZone: deps.config.timezone,
        claimedAt: alert.claimedAt,
        record: resolved ? await repos.alerts.findRecord(alertId) : undefined,
        outbox: resolved ? await repos.outbox.listForAlert(alertId) : undefined,
      });
      if (text) await postAlertThreadNote(client, alert, text);
      await repos.alertSync.markSynced({ alertId, historyId: entry.id });
    }
  }

  async function sweep() {
    const behind = await repos.alertSync.listBehind(500);
    for (const id of behind) await request(id);
    return behind.length;
  }

  return {
    request,
    async note(alertId, ...texts) {
      for (const text of texts) await repos.alertSync.addNote({ alertId, text });
      await request(alertId);
    },
    sync,
    sweep,
    async start(client, deps) {
      slack = { client, deps };
      for (let i = 0; i < 2; i++) {
        syncWorkers.push(
          await workBacklog<{ alertId: number }>(boss, ALERT_SYNC_QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
            if (!job) return;
            // From here on, what changes is read by this sync or asks for the next one.
            delayedUntil.delete(job.data.alertId);
            syncStarts++;
            try {
              await sync(job.data.alertId);
            } catch (error) {
              log.warn({ err: error, alertId: job.data.alertId }, 'Slack not brought up to date with the alert; retried');
              throw error;
            }
          }),
        );
      }
      sweepWorker = await boss.work(ALERT_SYNC_SWEEP_QUEUE, { pollingIntervalSeconds: 5 }, async () => void (await sweep()));
      await boss.schedule(ALERT_SYNC_SWEEP_QUEUE, '* * * * *', {});
      await sweep().catch((error: unknown) => log.error({ err: error }, 'start-up alert sync sweep failed'));
    },
    async stop() {
      for (const id of syncWorkers.splice(0)) await boss.offWork({ id });
      if (sweepWorker) await boss.offWork({ id: sweepWorker });
      sweepWorker = undefined;
    },
  };
}
