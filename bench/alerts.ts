/**
 * `npm run bench -- alerts`: alert posting throughput on PostgreSQL (issue 15 item 5). The whole
 * bot (startBot: real dispatcher, poster, repositories) in this thread, against the fake Slack in
 * its own process (bench/alerts-slack.ts: Slack is another service, its server does not spend the
 * bot's event loop), which answers at once (Slack allowing it). The core (a worker thread with its
 * own connections, as the core is its own process: the bot's event loop does not hold its inserts back) inserts
 * alerts (each its own reservation) at 100/s and 300/s, each on its schedule whether or not the
 * one before has returned; prints insert → chat.postMessage p50/p99, the most alerts waiting at
 * once, how busy the bot's event loop was, and per alert posted: the CPU time of this process (every thread) and the fake Slack's, the bot's
 * SQL statements (pg-boss's apart) and Slack calls. Statements are counted, not timed: a count does
 * not depend on the machine's load (the load average is printed: other work slows every time).
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a fresh database, dropped).
 * Prints figures; asserts nothing.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startBot } from '../src/runtime.js';
import type { SlackWorkerMessage, SlackWorkerRequest } from './alerts-slack.js';
import { percentile } from './side/stats.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_ALERT_SECONDS ?? 3);
const CHANNEL = 'C0BENCH';

/** Every statement any pg client sends in this thread (the core's are in its own): the bot's, and pg-boss's apart. */
let statements = 0;
let jobStatements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '');
  if (text.includes('pgboss')) jobStatements++;
  else statements++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

/**
 * The core: inserts `count` alerts at `perSecond` on four connections, each at its due time, and
 * posts [alert id, time its insert returned] back for each (every 25 ms, in batches: a message
 * per insert would cost the bot's thread too). Plain JavaScript run by the worker.
 */
const CORE = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require('pg');
const pool = new pg.Pool({ connectionString: workerData.url, max: 4 });
parentPort.on('message', async ({ perSecond, count, run }) => {
  const start = Date.now();
  const inserts = [];
  let batch = [];
  const flush = () => {
    if (batch.length) parentPort.postMessage({ inserted: batch });
    batch = [];
  };
  const timer = setInterval(flush, 25);
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    inserts.push(pool.query(
      \`with r as (insert into reservations (id, service, starts_at, ends_at, address, client_phone, status)
         values ($1, 'Aroma Massage', now() + interval '1 day', now() + interval '25 hours', '東京都渋谷区道玄坂1-2-3', '080-1234-5678', 'calling_failed') returning id)
       insert into alerts (kind, reservation_id, details) select 'all_shops_ng', id, '{}'::jsonb from r returning id\`,
      ['QRV-T' + run + i.toString(36).toUpperCase().padStart(4, '0')],
    ).then(({ rows }) => batch.push([Number(rows[0].id), Date.now()])));
  }
  await Promise.all(inserts);
  clearInterval(timer);
  flush();
  parentPort.postMessage({ done: (Date.now() - start) / 1000 });
});
`;

/** The fake Slack in its process: the alerts it stored (first post of each, by id), and what it is asked. */
interface Slack {
  apiUrl: string;
  posted: Map<number, number>;
  /** Forgets what was posted (here and in the fake). */
  reset(): Promise<void>;
  /** Web API calls since the last reset, by method, and the fake's CPU time since then. */
  calls(): Promise<{ byMethod: Map<string, number>; cpuMs: number }>;
  close(): Promise<void>;
}

async function startSlack(channels: Record<string, string>): Promise<Slack> {
  // Forked with this process's node flags (tsx's loader): Node 20's worker threads do not take it.
  const child = fork(fileURLToPath(new URL('./alerts-slack.ts', import.meta.url)), { env: { ...process.env, BENCH_SLACK_CHANNELS: JSON.stringify(channels) } });
  const posted = new Map<number, number>();
  let cpuAtReset = 0;
  const next = <T extends SlackWorkerMessage>(has: (m: SlackWorkerMessage) => m is T) =>
    new Promise<T>((resolve) => {
      const on = (m: SlackWorkerMessage) => {
        if (!has(m)) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  child.on('message', (m: SlackWorkerMessage) => {
    if ('posted' in m) for (const [id, at] of m.posted) if (!posted.has(id)) posted.set(id, at);
  });
  const ask = (request: SlackWorkerRequest) => child.send(request);
  const { ready } = await next((m): m is { ready: string } => 'ready' in m);
  return {
    apiUrl: ready,
    posted,
    async reset() {
      const done = next((m): m is { reset: true; cpuMs: number } => 'reset' in m);
      ask({ type: 'reset' });
      cpuAtReset = (await done).cpuMs;
      posted.clear();
    },
    async calls() {
      const answer = next((m): m is { calls: Array<[string, number]>; cpuMs: number } => 'calls' in m);
      ask({ type: 'calls' });
      const { calls, cpuMs } = await answer;
      return { byMethod: new Map(calls), cpuMs: cpuMs - cpuAtReset };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      ask({ type: 'close' });
      await exited;
    },
  };
}

async function rate(fake: Slack, core: Worker, perSecond: number, run: number, seconds = SECONDS): Promise<string> {
  const count = perSecond * seconds;
  await fake.reset();
  const before = statements;
  const jobsBefore = jobStatements;
  const inserted = new Map<number, number>();
  let mostWaiting = 0;
  const sample = setInterval(() => (mostWaiting = Math.max(mostWaiting, inserted.size - fake.posted.size)), 100);
  const start = Date.now();
  const busyBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const insertSeconds = await new Promise<number>((resolve) => {
    const onMessage = (m: { inserted: Array<[number, number]> } | { done: number }) => {
      if ('inserted' in m) for (const [id, at] of m.inserted) inserted.set(id, at);
      else {
        core.off('message', onMessage);
        resolve(m.done);
      }
    };
    core.on('message', onMessage);
    core.postMessage({ perSecond, count, run });
  });
  clearInterval(sample);
  const deadline = Date.now() + 60_000;
  const posted = fake.posted;
  while ([...inserted.keys()].some((id) => !posted.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const busy = performance.eventLoopUtilization(busyBefore).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  const delays = [...inserted].flatMap(([id, at]) => (posted.has(id) ? [posted.get(id)! - at] : []));
  const done = Math.max(...posted.values());
  const slack = await fake.calls();
  const perAlert = (n: number) => (n / Math.max(1, delays.length)).toFixed(1);
  return [
    `  ${perSecond}/s (${count} alerts, inserted in ${insertSeconds.toFixed(1)} s; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}):`,
    `    insert → post p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms; posted ${delays.length}/${count}, ${(delays.length / ((done - start) / 1000)).toFixed(0)}/s; most waiting ${mostWaiting}; bot's event loop busy ${(busy * 100).toFixed(0)}%`,
    `    per alert: ${perAlert((cpu.user + cpu.system) / 1000 + slack.cpuMs)} ms CPU (the bot, the core's inserts and the fake Slack), ${perAlert(statements - before)} SQL statements (and pg-boss's ${perAlert(jobStatements - jobsBefore)}), Slack ${[...slack.byMethod].map(([m, n]) => `${m} ${perAlert(n)}`).join(', ')}`,
  ].join('\n');
}

const name = `qrv_bench_alerts_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
const fake = await startSlack({ 'qrv-alerts': CHANNEL });
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_APP_TOKEN: 'xapp-bench', SLACK_API_URL: fake.apiUrl, QRV_ALERTS_CHANNEL: CHANNEL,
  QRV_POLL_INTERVAL_MS: '5000', QRV_SCHEDULER: 'off', QRV_HTTP_PORT: '0', QRV_OPERATORS: '*', DATABASE_URL: url.toString(),
});
const bot = await startBot({ config, logger: silent });
const core = new Worker(CORE, { eval: true, workerData: { url: url.toString() } });
try {
  console.log('Alert posting on PostgreSQL (fake Slack answering at once):');
  // Warm-up, not printed: the first posts load and compile (tsx) the modules the posting path uses.
  await rate(fake, core, 50, 0, 1);
  console.log(await rate(fake, core, 100, 1));
  console.log(await rate(fake, core, 300, 2));
} finally {
  await core.terminate();
  await bot.stop();
  await fake.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
