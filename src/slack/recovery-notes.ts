import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import type { JobEngine } from '../jobs/engine.js';
import { recoveryNote } from '../views/system-intake.js';
import { postAlertThreadNote, updateAlertMessage } from './alert-messages.js';

/** One job per alert a monitoring source resolved (Pingdom UP, CloudWatch OK): grey message, then a thread note. */
export const RECOVERY_QUEUE = 'qrv-system-recovered';

export interface RecoveryNotes {
  /** After the resolution committed; a second call for the same alert is the same job. */
  enqueue(alertId: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Durable: the job waits (retries) while the alert is not posted yet — a DOWN and its UP may
 * arrive before the dispatcher posted the DOWN — and runs once per alert whatever the instances.
 */
export async function startRecoveryNotes({ boss, client, deps }: { boss: JobEngine; client: WebClient; deps: AppDeps }): Promise<RecoveryNotes> {
  await boss.createQueue(RECOVERY_QUEUE, { name: RECOVERY_QUEUE, retryLimit: 30, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 });
  const workerId = await boss.work<{ alertId: number }>(RECOVERY_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
    const alertId = job!.data.alertId;
    const alert = await repositories(deps.db).alerts.findById(alertId);
    if (!alert) return;
    if (!alert.slackTs) throw new Error(`alert ${alertId} is not posted yet; the recovery note waits`);
    await updateAlertMessage(client, deps, alertId);
    await postAlertThreadNote(client, alert, recoveryNote({ outcome: alert.outcome, resolvedAt: alert.resolvedAt, timeZone: deps.config.timezone }));
  });
  return {
    async enqueue(alertId) {
      await boss.send(RECOVERY_QUEUE, { alertId }, { singletonKey: `recovered:${alertId}` });
    },
    async stop() {
      await boss.offWork({ id: workerId });
    },
  };
}
