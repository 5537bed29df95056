import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createJobEngine, stopJobEngine, workBacklog, type JobEngine } from '../../src/jobs/engine.js';
import { pgliteBossAdapter } from '../../src/jobs/pglite-adapter.js';
import { memoryLogger } from '../support/bot.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db.js';

const { logger } = memoryLogger();
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function until<T>(check: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('createJobEngine', () => {
  it('a job sent once is handled once although two engines work the queue', async () => {
    const a = await createJobEngine({ database, logger });
    const b = await createJobEngine({ database, logger });
    try {
      await a.createQueue('test-once');
      const seen: string[] = [];
      const handler = (who: string) => async (jobs: Array<{ data: { n: number } }>) => {
        for (const job of jobs) seen.push(`${who}:${job.data.n}`);
      };
      await a.work('test-once', { pollingIntervalSeconds: 0.5 }, handler('a'));
      await b.work('test-once', { pollingIntervalSeconds: 0.5 }, handler('b'));
      for (let n = 0; n < 5; n++) await a.send('test-once', { n });
      await until(async () => (seen.length >= 5 ? true : null));
      await new Promise((r) => setTimeout(r, 1200)); // two more polling rounds of each engine
      expect(seen.map((s) => s.split(':')[1]).sort()).toEqual(['0', '1', '2', '3', '4']);
    } finally {
      await stopJobEngine(a);
      await stopJobEngine(b);
    }
  });

  it('startAfter: the job is not handed out before its time, and is after it', async () => {
    const boss = await createJobEngine({ database, logger });
    try {
      await boss.createQueue('test-later');
      await boss.send('test-later', { x: 1 }, { startAfter: 2 });
      expect(await boss.fetch('test-later')).toEqual([]);
      const jobs = await until(async () => {
        const got = await boss.fetch<{ x: number }>('test-later');
        return got.length ? got : null;
      });
      expect(jobs.map((j) => j.data)).toEqual([{ x: 1 }]);
    } finally {
      await stopJobEngine(boss);
    }
  });

  it('a failing statement does not poison the session for the next ones', async () => {
    const boss = await createJobEngine({ database, logger });
    try {
      await expect(boss.schedule('no-such-queue', '* * * * *')).rejects.toThrow(/not found/);
      await boss.createQueue('test-after-error');
      expect(await boss.send('test-after-error', { ok: true })).toMatch(/[0-9a-f-]{36}/);
    } finally {
      await stopJobEngine(boss);
    }
  });
});

describe('restarts', () => {
  it('a job and a cron schedule written before a restart are there after it', async () => {
    const dir = onPostgres ? undefined : mkdtempSync(join(tmpdir(), 'qrv-jobs-'));
    const open = (): Promise<Database> => (dir ? openDatabase({ dataDir: join(dir, 'db') }) : openDatabase({ url: database.url! }));
    let first: Database | undefined = await open();
    let boss: JobEngine | undefined;
    try {
      boss = await createJobEngine({ database: first, logger });
      await boss.createQueue('test-restart');
      await boss.send('test-restart', { kept: true });
      await boss.schedule('test-restart', '*/5 * * * *', { cron: true }, { tz: 'Asia/Tokyo' });
      await stopJobEngine(boss);
      await first.close();
      first = undefined;

      const second = await open();
      try {
        boss = await createJobEngine({ database: second, logger });
        const schedules = await boss.getSchedules();
        expect(schedules.find((s) => s.name === 'test-restart')).toMatchObject({ cron: '*/5 * * * *', timezone: 'Asia/Tokyo' });
        const jobs = await boss.fetch<{ kept: boolean }>('test-restart');
        expect(jobs.map((j) => j.data)).toEqual([{ kept: true }]);
        await boss.unschedule('test-restart');
        await stopJobEngine(boss);
      } finally {
        await second.close();
      }
    } finally {
      await first?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(onPostgres)('pgliteBossAdapter', () => {
  it('runs parameterless multi-statement SQL and parameterised queries', async () => {
    const adapter = pgliteBossAdapter(database.pglite!);
    const multi = await adapter.executeSql('create temp table t_adapter (n int); insert into t_adapter values (1), (2); select count(*)::int as n from t_adapter', []);
    expect(multi.rows).toEqual([{ n: 2 }]);
    const one = await adapter.executeSql('select $1::int + 1 as n', [41]);
    expect(one.rows).toEqual([{ n: 42 }]);
    await adapter.executeSql('drop table t_adapter', []);
  });

  it('rolls back after an error inside a transaction script', async () => {
    const adapter = pgliteBossAdapter(database.pglite!);
    await expect(adapter.executeSql('begin; select 1/0; commit;', [])).rejects.toThrow();
    const after = await adapter.executeSql('select 1 as ok', [1].slice(1));
    expect(after.rows).toEqual([{ ok: 1 }]);
  });
});

describe('workBacklog', () => {
  it('a backlog is worked back to back, not one batch per polling interval; an empty queue waits the interval', async () => {
    const boss = await createJobEngine({ database, logger });
    try {
      await boss.createQueue('test-backlog');
      for (let n = 0; n < 4; n++) await boss.send('test-backlog', { n });
      const seen: number[] = [];
      // Polling every 60 s: pg-boss's own worker would take one job now and the next a minute later.
      await workBacklog<{ n: number }>(boss, 'test-backlog', { pollingIntervalSeconds: 60, batchSize: 1 }, async ([job]) => {
        if (job) seen.push(job.data.n);
      });
      await until(async () => (seen.length === 4 ? true : null), 30_000);
      expect(seen.sort()).toEqual([0, 1, 2, 3]);
      // Nothing left: the worker waits its interval, so a job sent now is not fetched until notified.
      await boss.send('test-backlog', { n: 4 });
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).toHaveLength(4);
    } finally {
      await stopJobEngine(boss, 2000);
    }
  });
});
