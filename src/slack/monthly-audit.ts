import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import type { JobEngine } from '../jobs/engine.js';
import { monthlyAuditNote } from '../views/period-reports.js';
import { runAuditCheck } from '../workflows/maintenance-checks.js';

/** npm audit for the 月次レポート, run after the post (it takes up to a minute) and answered in its thread. */
export const MONTHLY_AUDIT_QUEUE = 'qrv-monthly-audit';

type AuditJob = { channel: string; ts: string };

export interface MonthlyAudit {
  /** After the monthly post: one job per post (a second request for the same post is the same job). */
  enqueue(where: AuditJob): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Durable: the job survives a restart, runs once whatever the number of instances, and is retried
 * when Slack refuses the note (at-least-once: a crash after Slack took the note posts it again).
 */
export async function startMonthlyAudit({ boss, client, deps }: { boss: JobEngine; client: WebClient; deps: AppDeps }): Promise<MonthlyAudit> {
  await boss.createQueue(MONTHLY_AUDIT_QUEUE, { name: MONTHLY_AUDIT_QUEUE, retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
  const workerId = await boss.work<AuditJob>(MONTHLY_AUDIT_QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
    const { channel, ts } = job!.data;
    const result = await runAuditCheck(deps.maintenanceChecks.audit);
    await client.chat.postMessage({ channel, thread_ts: ts, text: monthlyAuditNote(result) });
  });
  return {
    async enqueue(where) {
      await boss.send(MONTHLY_AUDIT_QUEUE, where, { singletonKey: `audit:${where.channel}:${where.ts}` });
    },
    async stop() {
      await boss.offWork({ id: workerId });
    },
  };
}
