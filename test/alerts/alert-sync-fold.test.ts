/**
 * The storm tally's delayed requests (issue 15 item 5): while a delayed alert-sync job this
 * process queued waits, another delayed request for that alert is folded here, without a round
 * trip to the job queue; anything else still goes to the queue.
 */
import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
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
      const waiting = await t.database.db.execute(`select data->>'alertId' as id from pgboss.job where name = '${ALERT_SYNC_QUEUE}' and state = 'created' order by 1`);
      const ids = ((waiting as { rows?: Array<{ id: string }> }).rows ?? (waiting as unknown as Array<{ id: string }>)).map((r) => r.id);
      expect(ids).toEqual(['7', '8', '9']);
    } finally {
      await stopJobEngine(boss);
    }
  });
});
