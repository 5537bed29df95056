/**
 * The storm tally's delayed requests (issue 15 item 5): while a delayed alert-sync job this
 * process queued waits, or the queue folded a delayed request into a job already waiting, another
 * delayed request for that alert is folded here, without a round trip to the job queue, until a
 * sync of that alert starts here; anything else still goes to the queue.
 */
import type { WebClient } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { AppDeps } from '../../src/deps.js';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createJobEngine, stopJobEngine } from '../../src/jobs/engine.js';
import { ALERT_SYNC_QUEUE, createAlertSyncJobs } from '../../src/slack/alert-sync.js';
import { memoryLogger } from '../support/bot.js';
import { useTestDatabase } from '../support/db.js';

const { logger } = memoryLogger();
const t = useTestDatabase();

describe('alert-sync requests', () => {
  it('delayed requests while this process’s delayed job waits ask nothing more of the queue; the job is there once', async () => {
    const boss = await createJobEngine({ database: t.database, logger });
    try {
      const sent: Array<{ alertId: number; startAfter?: PgBoss.SendOptions['startAfter'] }> = [];
      const send = boss.send.bind(boss);
      boss.send = ((name: string, data: { alertId: number }, options: PgBoss.SendOptions) => {
        if (name === ALERT_SYNC_QUEUE) sent.push({ alertId: data.alertId, startAfter: options.startAfter });
        return send(name, data, options);
      }) as typeof boss.send;
      const sync = await createAlertSyncJobs({ boss, db: t.database.db, logger });
      for (let i = 0; i < 5; i++) await sync.request(7, { afterSeconds: 30 });
      expect(sent).toEqual([{ alertId: 7, startAfter: 30 }]);
      // Another alert, an immediate request, and a delay too short to fold on: each asks the queue.
      await sync.request(8, { afterSeconds: 30 });
      await sync.request(7);
      await sync.request(9, { afterSeconds: 1 });
      await sync.request(9, { afterSeconds: 1 });
      expect(sent.map((s) => s.alertId)).toEqual([7, 8, 7, 9, 9]);
      const jobs = await boss.fetch<{ alertId: number }>(ALERT_SYNC_QUEUE, { batchSize: 10, includeMetadata: true });
      // Not handed out before their time: the delayed jobs wait, one per alert.
      expect(jobs).toEqual([]);
      const waiting = await queryRows<{ id: string }>(t.database.db, sql`select data->>'alertId' as id from pgboss.job where name = ${ALERT_SYNC_QUEUE} and state = 'created' order by 1`);
      const ids = waiting.map((r) => r.id);
      expect(ids).toEqual(['7', '8', '9']);
    } finally {
      await stopJobEngine(boss);
    }
  });

  it('a delayed request the queue folds into a waiting job: the next ones ask nothing more until this process starts that job, then the queue again', async () => {
    const boss = await createJobEngine({ database: t.database, logger });
    const sync = await createAlertSyncJobs({ boss, db: t.database.db, logger });
    try {
      const sent: Array<{ alertId: number; startAfter?: PgBoss.SendOptions['startAfter']; job: string | null }> = [];
      const send = boss.send.bind(boss);
      boss.send = (async (name: string, data: { alertId: number }, options: PgBoss.SendOptions) => {
        const job = await send(name, data, options);
        if (name === ALERT_SYNC_QUEUE) sent.push({ alertId: data.alertId, startAfter: options.startAfter, job });
        return job;
      }) as typeof boss.send;
      // An immediate sync of alert 11 waits (no worker yet); the storm's alerts ask for its tally.
      await sync.request(11);
      for (let i = 0; i < 5; i++) await sync.request(11, { afterSeconds: 30 });
      expect(sent.map((s) => [s.startAfter ?? 0, s.job === null])).toEqual([
        [0, false],
        [30, true], // folded by the queue into the waiting job
      ]);
      // This process's worker starts that job (alert 11 is not in Slack: nothing to do), so the next request asks the queue.
      await sync.start({} as WebClient, {} as AppDeps);
      const state = async () =>
        (await queryRows<{ state: string }>(t.database.db, sql`select state from pgboss.job where name = ${ALERT_SYNC_QUEUE} and data->>'alertId' = '11'`)).map((r) => r.state);
      await expect.poll(state, { timeout: 30_000, interval: 100 }).toEqual(['completed']);
      await sync.request(11, { afterSeconds: 30 });
      await sync.request(11, { afterSeconds: 30 });
      expect(sent.map((s) => [s.startAfter ?? 0, s.job === null])).toEqual([
        [0, false],
        [30, true],
        [30, false], // a new delayed job; the request after it is folded here
      ]);
    } finally {
      await sync.stop();
      await stopJobEngine(boss);
    }
  });
});
