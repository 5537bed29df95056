/**
 * Dashboard bench (part of `npm run bench`): seeds 1,000,000 reservations into a fresh PostgreSQL database and times each
 * dashboard query and `/qrv status`. BENCH_DATABASE_URL names the server (default
 * postgres://postgres@127.0.0.1:5432/test); the bench creates its own database and drops it.
 * `--explain` also prints EXPLAIN (ANALYZE, BUFFERS) of every dashboard query.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Queryable } from '../src/db/client.js';
import { repositories } from '../src/deps.js';
import type { Clock } from '../src/domain/clock.js';
import { loadDailyMetrics, usualWindows } from '../src/metrics/daily.js';
import { localDay, localMonth, shiftDay } from '../src/metrics/period.js';
import * as q from '../src/metrics/queries.js';
import { loadPeriodSummary, loadWeeklyMetrics } from '../src/metrics/weekly.js';
import { loadDashboard } from '../src/workflows/dashboard.js';
import { loadReservationCard } from '../src/workflows/reservation-card.js';
import { seedBench } from './seed.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESERVATIONS = Number(process.env.BENCH_RESERVATIONS ?? 1_000_000);
const RUNS = 15;
const explain = process.argv.includes('--explain');

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  for (let i = 0; i < 2; i++) await fn(); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]! };
}

/** A Queryable that EXPLAINs each statement instead of running it, collecting the plans. */
function explaining(db: Queryable, plans: string[]): Queryable {
  return {
    async execute(query: Parameters<Queryable['execute']>[0]) {
      const { sql } = await import('drizzle-orm');
      const result = (await db.execute(sql`explain (analyze, buffers, costs off) ${query}`)) as unknown as { rows: Array<Record<string, string>> };
      plans.push(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
      return { rows: [] };
    },
  } as unknown as Queryable;
}

async function main() {
  const name = `qrv_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  await admin(`create database ${name}`);
  const database = await openDatabase({ url: url.toString() });
  try {
    await database.migrate();
    const now = new Date();
    const t = performance.now();
    await seedBench(database.db, { reservations: RESERVATIONS, now });
    const counts = await database.pool!.query(
      `select (select count(*) from reservations) r, (select count(*) from call_attempts) c, (select count(*) from alerts) a, (select count(*) from alerts where resolved_at is null) o`,
    );
    console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s:`, counts.rows[0]);

    const db = database.db;
    const clock: Clock = { now: () => now };
    const config = loadConfig({});
    const tz = config.timezone;
    const today = localDay(now, tz);
    const yesterday = shiftDay(today, -1, tz);
    const week = { from: shiftDay(today, -6, tz).from, to: today.to };
    const month = localMonth(new Date(localMonth(now, tz).from.getTime() - 1), tz);
    const { rows: sample } = await database.pool!.query(`select id from reservations where shop_id is not null order by created_at desc limit 1 offset 500`);
    const reservationId = sample[0]!.id as string;

    const queries: Array<[string, (d: Queryable) => Promise<unknown>]> = [
      ["today's reservations by status", (d) => q.reservationsByStatus({ db: d }, today)],
      ["yesterday's reservations by status (success, payment rates)", (d) => q.reservationsByStatus({ db: d }, yesterday)],
      ["today's manual operations", (d) => q.countManualOpsIn({ db: d }, [today])],
      ['usual reservations (4 same weekdays, same time)', (d) => q.countReservationsIn({ db: d }, usualWindows(today, now, tz))],
      ['usual manual operations', (d) => q.countManualOpsIn({ db: d }, usualWindows(today, now, tz))],
      ['week by day and status', (d) => q.reservationsByDayAndStatus({ db: d }, { ...week, timeZone: tz })],
      ['week calls per successful reservation', (d) => q.callsForSuccesses({ db: d }, week)],
      ['week alert claim/resolve times', (d) => q.alertTimings({ db: d }, week)],
      ['week inquiries and incidents', (d) => q.countRecords({ db: d }, week)],
      ['unresolved alerts (morning)', (d) => q.openAlerts({ db: d })],
      ["tomorrow's reservations (evening)", (d) => q.reservationsStarting({ db: d }, shiftDay(today, 1, tz))],
    ];
    const composite: Array<[string, () => Promise<unknown>]> = [
      ['daily metrics (all daily queries)', () => loadDailyMetrics({ db, clock, timeZone: tz })],
      ['weekly metrics (all weekly queries)', () => loadWeeklyMetrics({ db, clock, timeZone: tz })],
      ['/qrv dashboard and App Home (daily + weekly)', () => loadDashboard({ db, clock, config })],
      ['monthly report (previous month)', () => loadPeriodSummary({ db, clock, timeZone: tz }, month)],
      [`/qrv status ${reservationId}`, () => loadReservationCard(repositories(db), { reservationId, viewer: { userId: 'U0BENCH', via: 'status' } })],
    ];
    const rows: string[] = [];
    for (const [label, fn] of queries) {
      const r = await time(() => fn(db));
      rows.push(`| ${label} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
    }
    for (const [label, fn] of composite) {
      const r = await time(fn);
      rows.push(`| ${label} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
    }
    console.log(`\nPostgreSQL ${(await database.pool!.query('show server_version')).rows[0].server_version}, ${RESERVATIONS.toLocaleString('en')} reservations, ${RUNS} runs each after 2 warm-ups\n`);
    console.log('| query | median ms | max ms |\n|---|---:|---:|');
    console.log(rows.join('\n'));

    if (explain) {
      for (const [label, fn] of queries) {
        const plans: string[] = [];
        await fn(explaining(db, plans));
        console.log(`\n### ${label}\n\n\`\`\`\n${plans.join('\n\n')}\n\`\`\``);
      }
    }
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

export const done = main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
