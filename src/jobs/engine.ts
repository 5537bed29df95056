import PgBoss from 'pg-boss';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import { pgliteBossAdapter } from './pglite-adapter.js';

export type JobEngine = PgBoss;

/**
 * The bot's durable job queue (pg-boss 10), on PostgreSQL through the bot's pool and on the
 * embedded PGlite through an adapter. Jobs, cron schedules and `startAfter` times live in the
 * `pgboss` schema of the same database, so they survive restarts and each job runs once
 * whatever the number of bot instances. Returned started; stop it with `boss.stop()`.
 */
export async function createJobEngine({ database, logger }: { database: Database; logger: Logger }): Promise<JobEngine> {
  const log = logger.child({ component: 'jobs' });
  const boss = new PgBoss({ db: adapterFor(database) });
  boss.on('error', (error: unknown) => log.error({ err: error }, 'job engine error'));
  await boss.start();
  return boss;
}

function adapterFor(database: Database): PgBoss.Db {
  if (database.pglite) return pgliteBossAdapter(database.pglite);
  const pool = database.pool;
  if (!pool) throw new Error('createJobEngine: the database has neither a PGlite instance nor a pool');
  // A parameterless query goes out as a simple query, which runs pg-boss's multi-statement scripts.
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result: unknown = values && values.length > 0 ? await pool.query(text, values) : await pool.query(text);
      // Several statements in one simple query answer with one result each; the last one counts.
      const last = (Array.isArray(result) ? result.at(-1) : result) as { rows?: unknown[] } | undefined;
      return { rows: last?.rows ?? [] };
    },
  };
}

/** Stops the engine: running handlers finish (up to `timeoutMs`), the database stays open. */
export async function stopJobEngine(boss: JobEngine, timeoutMs = 10_000): Promise<void> {
  await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
}

/**
 * `boss.work`, but a backlog is worked back to back. pg-boss 10 waits its polling interval after
 * every fetch unless notified, even after one that returned jobs: two workers polling every 2 s
 * with batches of 1 drain 1 job/s, so the 200 claim updates of a burst took minutes. Here a worker
 * that got jobs notifies itself, and fetches again at once; an empty fetch waits the interval.
 */
export async function workBacklog<T extends object>(boss: JobEngine, queue: string, options: PgBoss.WorkOptions, handler: PgBoss.WorkHandler<T>): Promise<string> {
  let id: string | undefined;
  id = await boss.work<T>(queue, options, async (jobs) => {
    try {
      return await handler(jobs);
    } finally {
      if (jobs.length > 0 && id) boss.notifyWorker(id);
    }
  });
  return id;
}
