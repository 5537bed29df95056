import type PgBoss from 'pg-boss';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { workBacklog, type JobEngine } from '../jobs/engine.js';
import { createRepositories } from '../repositories/index.js';
import { checkPaymentDeadline, type DeadlineOutcome } from './payment-deadline.js';
import { DELIVERY_LEASE_MS } from './lease.js';
import { createOutboxSender, type SenderDeps } from './sender.js';
import type { Delivery, RowOutcome } from './types.js';

/** One outbox row to send: `{ kind, id }`, singletonKey = the row's idempotency key. */
export const DELIVER_QUEUE = 'qrv-deliver';
/** One payment link's 10-minute check: `{ linkId }`, startAfter = expires_at, singletonKey per link. */
export const DEADLINE_QUEUE = 'qrv-payment-deadline';
/** Every minute (pg-boss cron): re-enqueues pending rows and checks overdue links. */
export const SWEEP_QUEUE = 'qrv-deliver-sweep';

export type DeliverJob = { kind: 'message' | 'refund'; id: number };

/** How often deliveries interrupted by a dead bot are looked for (besides start-up and the minute sweep). */
const RECOVER_EVERY_MS = 10_000;

/** The sender's collaborators, plus the queue. pg-boss retries a failed try after retryDelaySeconds, doubled each time. */
export interface DeliveryJobsDeps extends Omit<SenderDeps, 'onLinkSent' | 'leaseMs'> {
  boss: JobEngine;
  retryDelaySeconds: number;
  /** Seconds between polls of each queue (a job enqueued here is also picked up at once). */
  pollingIntervalSeconds?: number;
  /** An incident's status SMS go out at most this many per second (QRV_BULK_SMS_PER_SECOND; default 1). */
  bulkSmsPerSecond?: number;
}

export interface DeliveryJobs extends Delivery {
  /** The work of one `qrv-deliver` job; throws when the row should be tried again later. */
  deliver(job: DeliverJob): Promise<RowOutcome>;
  /** The work of one `qrv-payment-deadline` job. */
  checkDeadline(linkId: number): Promise<DeadlineOutcome>;
  /** Start-up and every minute: enqueue what is pending (a crash between commit and enqueue), check overdue links. */
  sweep(): Promise<{ enqueued: number; deadlines: DeadlineOutcome[] }>;
  /**
   * Every 10 s: a delivery whose bot died mid-send (its row's lease ran out, its job still `active`)
   * is given a new job now instead of after pg-boss's expiry; returns the jobs cancelled.
   */
  recoverInterrupted(): Promise<number>;
  /** Stops fetching jobs (those running go on). */
  stop(): Promise<void>;
  /** Rows being delivered now (`message:12`), for the shutdown log. */
  inFlight(): string[];
  /**
   * Shutdown past its deadline: the rows still in flight go back to pending, their jobs are
   * cancelled and new ones queued, so the next start (or another instance) sends them at once —
   * an SMS only after asking Twilio whether it went out.
   */
  releaseInFlight(): Promise<number>;
}

const perSecondOf = (deps: { bulkSmsPerSecond?: number }) => Math.max(1, Math.trunc(deps.bulkSmsPerSecond ?? 1));

export class RetryLater extends Error {
  constructor(job: DeliverJob) {
    super(`${job.kind} ${job.id}: failed for now, retried later`);
    this.name = 'RetryLater';
  }
}

/**
 * Durable delivery on pg-boss. The procedure's transaction wrote the outbox rows; after the
 * commit `enqueue` sends one job per row (a double click finds the same rows and the same
 * singleton keys). Jobs survive restarts; the minute sweep re-enqueues whatever is pending, so
 * a crash between the commit and the enqueue loses nothing. The row lease makes two instances
 * send one row once.
 */
export async function startDeliveryJobs(deps: DeliveryJobsDeps): Promise<DeliveryJobs> {
  const { boss, db, clock, logger } = deps;
  const log = logger.child({ component: 'delivery-jobs' });
  const repos = createRepositories({ db });
  const polling = deps.pollingIntervalSeconds ?? 2;
  const workers: string[] = [];
  const linkDeps = { db, ports: deps.ports, clock, logger: log };

  const scheduleDeadline = async (link: { id: number; expiresAt: Date | null }) => {
    await boss.send(DEADLINE_QUEUE, { linkId: link.id }, { singletonKey: `link:${link.id}`, startAfter: link.expiresAt ?? new Date() });
    if (workers[1] && (link.expiresAt ?? new Date(0)) <= new Date()) boss.notifyWorker(workers[1]);
  };
  const sender = createOutboxSender({ ...deps, onLinkSent: scheduleDeadline });

  const retry: PgBoss.Queue = { name: DELIVER_QUEUE, policy: 'stately', retryLimit: deps.maxTries + 1, retryDelay: deps.retryDelaySeconds, retryBackoff: true, expireInSeconds: 300 };
  await boss.createQueue(DELIVER_QUEUE, retry);
  await boss.createQueue(DEADLINE_QUEUE, { ...retry, name: DEADLINE_QUEUE, retryLimit: 10 });
  await boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 300 });

  async function deliver(job: DeliverJob): Promise<RowOutcome> {
    const outcome = job.kind === 'message' ? await sender.sendMessage(job.id) : await sender.refund(job.id);
    if (outcome === 'retry') throw new RetryLater(job);
    return outcome;
  }

  const checkDeadline = (linkId: number) => checkPaymentDeadline(linkDeps, linkId);

  async function enqueue(filter: { alertId?: number; incidentId?: number } = {}): Promise<number> {
    const messages = await repos.outbox.dueMessages(filter);
    const refunds = filter.incidentId === undefined ? await repos.outbox.dueRefunds(filter) : [];
    const rows = [...messages.map((r) => ({ kind: 'message' as const, ...r })), ...refunds.map((r) => ({ kind: 'refund' as const, ...r }))];
    // An incident's status SMS (maybe hundreds) are spread out: the k-th starts k / rate seconds from now.
    const perSecond = perSecondOf(deps);
    let bulk = 0;
    const now = Date.now();
    for (const row of rows) {
      const bulkRow = row.kind === 'message' && Boolean(row.incidentId);
      const startAfter = bulkRow ? { startAfter: new Date(now + Math.floor(bulk++ / perSecond) * 1000) } : {};
      await boss.send(DELIVER_QUEUE, { kind: row.kind, id: row.id } satisfies DeliverJob, { singletonKey: `${row.kind}:${row.idempotencyKey}`, ...startAfter });
    }
    if (rows.length > 0 && workers[0]) boss.notifyWorker(workers[0]);
    return rows.length;
  }

  /**
   * Active deliver jobs older than a row lease whose row nobody holds: their bot died (a live one
   * renews the lease). Cancelled so that (stately queue: one active job per key) a new one runs now.
   */
  async function recoverInterrupted(): Promise<number> {
    const orphans = await queryRows<{ id: string; kind: string; row: string }>(
      db,
      sql`select j.id::text as id, j.data->>'kind' as kind, j.data->>'id' as row from pgboss.job j
          where j.name = ${DELIVER_QUEUE} and j.state = 'active' and j.started_on < now() - make_interval(secs => ${DELIVERY_LEASE_MS / 1000})
            and not exists (select 1 from outbound_messages m where j.data->>'kind' = 'message' and m.id = (j.data->>'id')::bigint and m.status = 'sending' and m.lease_until >= now())
            and not exists (select 1 from refunds r where j.data->>'kind' = 'refund' and r.id = (j.data->>'id')::bigint and r.status = 'sending' and r.lease_until >= now())`,
    );
    if (orphans.length === 0) return 0;
    await boss.cancel(DELIVER_QUEUE, orphans.map((o) => o.id));
    log.warn({ rows: orphans.map((o) => `${o.kind}:${o.row}`) }, 'delivery interrupted (its bot stopped mid-send): tried again now');
    await enqueue();
    return orphans.length;
  }

  async function sweep() {
    await recoverInterrupted();
    const enqueued = await enqueue();
    const deadlines: DeadlineOutcome[] = [];
    for (const id of await repos.outbox.overdueLinkIds(clock.now())) {
      deadlines.push(await checkDeadline(id).catch((error: unknown) => (log.warn({ err: error, linkId: id }, 'deadline check failed, retried next minute'), 'not_due' as const)));
    }
    return { enqueued, deadlines };
  }

  const running = new Map<string, { jobId: string; job: DeliverJob }>();
  workers.push(
    await workBacklog<DeliverJob>(boss, DELIVER_QUEUE, { pollingIntervalSeconds: polling, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      const key = `${job.data.kind}:${job.data.id}`;
      running.set(key, { jobId: job.id, job: job.data });
      try {
        await deliver(job.data);
      } finally {
        running.delete(key);
      }
    }),
    await workBacklog<{ linkId: number }>(boss, DEADLINE_QUEUE, { pollingIntervalSeconds: polling, batchSize: 1 }, async ([job]) => {
      if (job) await checkDeadline(job.data.linkId);
    }),
    await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await sweep();
    }),
  );
  // An incident's status SMS are spaced by startAfter at the bulk rate; one worker polling every
  // couple of seconds would send fewer, so as many more workers as the rate poll every second.
  for (let i = 0; i < Math.min(perSecondOf(deps), 20); i++) {
    workers.push(
      await boss.work<DeliverJob>(DELIVER_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async ([job]) => {
        if (job) await deliver(job.data);
      }),
    );
  }
  await boss.schedule(SWEEP_QUEUE, '* * * * *', {});
  await sweep().catch((error: unknown) => log.error({ err: error }, 'start-up delivery sweep failed'));
  const recovering = setInterval(() => void recoverInterrupted().catch((error: unknown) => log.warn({ err: error }, 'interrupted-delivery check failed')), RECOVER_EVERY_MS);
  recovering.unref();

  return {
    enqueue,
    deliver,
    checkDeadline,
    sweep,
    recoverInterrupted,
    inFlight: () => [...running.keys()],
    async releaseInFlight() {
      const rows = [...running.values()];
      if (rows.length === 0) return 0;
      for (const { job } of rows) await repos.outbox.releaseLease(job);
      await boss.cancel(DELIVER_QUEUE, rows.map((r) => r.jobId));
      await enqueue();
      return rows.length;
    },
    async stop() {
      clearInterval(recovering);
      for (const id of workers.splice(0)) await boss.offWork({ id });
    },
  };
}
