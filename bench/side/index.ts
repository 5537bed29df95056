/**
 * `npm run bench -- side [--quick]`: the bot side by side with a bare Bolt 5.1 app (bench/side/
 * bare-app.mjs, its own process), both against the same fake Slack in this process. Bursts of
 * 200 interactions at once (/qrv status, a procedure button, /qrv dashboard, 詳細) on
 * PostgreSQL (BENCH_DATABASE_URL, a fresh database dropped afterwards) and on PGlite (a fresh
 * directory): ack and answer-visible p50/p99 with their ratio to the bare app, late acks (> 3 s),
 * the longest event-loop stall in the app's process, alert insert → chat.postMessage at 10/s and
 * 100/s, memory and cold start (spawn → Socket Mode connection open, seen by the fake Slack). Prints
 * figures; asserts nothing. --quick: one round, smaller data. --start-only (BENCH_START_ONLY=1): only
 * the start-up rows (memory, cold start, restart), without the bursts and alert posting.
 * --calibrate (BENCH_CALIBRATE=1): no bot; the bare app is measured twice and the second run is
 * printed against the first, so the ratios show how far the bench moves between two runs of the
 * same app (its noise, to read the bot's ratios against).
 * BENCH_TARGETS=postgres|pglite: one database only. BENCH_ONLY=status,procedure,dashboard,detail:
 * only those bursts (no alert-posting rows; 詳細 needs the procedure burst's alerts, so it runs it too). BENCH_BOT_NODE_ARGS: node flags for the bot's process
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to profile a burst).
 * Both apps run by plain node; the bot from the build in dist/ (as `npm start`), so run
 * `npm run build` after changing src/ (the bench refuses a stale build).
 */
import { createScratchDatabase } from '../../test/support/scratch-postgres.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { startFakeSlack } from '../../src/fake-slack/index.js';
import { ALERT_DETAIL_ACTION } from '../../src/views/ids/alerts.js';
import { ALL_SHOPS_NG_ACTIONS } from '../../src/views/ids/procedures/all-shops-ng.js';
import { assertBuildFresh, startApp, type AppProcess } from './apps.js';
import { answers, burst, insertToPost, oneAtATime, summarize, type BurstResult } from './scenarios.js';
import { ms, ratio } from './stats.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const startOnly = process.argv.includes('--start-only') || process.env.BENCH_START_ONLY === '1';
const calibrate = process.argv.includes('--calibrate') || process.env.BENCH_CALIBRATE === '1';
const ROUNDS = quick ? 1 : 3;
const BURST = Number(process.env.BENCH_BURST ?? 200);
const RESERVATIONS = quick ? 20_000 : 100_000;
const RATE_SECONDS = quick ? 3 : 10;
const CHANNEL = 'C0BENCH';
/** One user per interaction of a burst (a user has one modal at a time). */
const user = (i: number) => `U0B${String(i).padStart(4, '0')}`;

type Row = Record<string, number>;
interface Figures {
  coldStartMs: number;
  firstAckMs: number;
  /** The bot only: started again on the database it migrated (a restart; the bare app has none). */
  restartMs?: number;
  restartFirstAckMs?: number;
  rssMiB: number;
  rows: Record<string, Row>;
}

assertBuildFresh();
const fake = await startFakeSlack({ ackTimeoutMs: 20_000, channels: { 'qrv-alerts': CHANNEL } });
const env = { BENCH_SLACK_API_URL: fake.apiUrl, BENCH_CHANNEL: CHANNEL };
const status = (i = 0) => fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-BENCH1', userId: user(i), channelId: CHANNEL });
const dashboard = (i = 0) => fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: user(i), channelId: CHANNEL });

const step = (what: string) => process.stderr.write(`  ${new Date().toISOString().slice(11, 19)} ${what}\n`);

async function rounds(run: () => Promise<BurstResult>) {
  const out: BurstResult[] = [];
  for (let i = 0; i < ROUNDS; i++) out.push(await run());
  return summarize(out);
}

/** Starts an app once no other is connected: its cold start ends when the fake Slack sees its connection. */
async function launch(kind: 'bare' | 'bot', extra: Record<string, string> = {}): Promise<AppProcess> {
  await fake.waitForConnections(0, 15_000);
  // As soon as it is connected, an operator asks for the help (no database read): acked once its handlers are registered.
  const help = () => fake.sendSlashCommand({ command: '/qrv', text: 'help', userId: user(0), channelId: CHANNEL }).then(() => {});
  const app = await startApp(kind, { ...env, ...extra }, () => fake.waitForConnections(1, 120_000), help);
  step(`${kind}: connected after ${ms(app.coldStartMs)}, first ack after ${ms(app.firstAckMs)}, ready after ${ms(app.readyMs)}`);
  return app;
}

async function measure(app: AppProcess, targets: { openButton: string; detailButton: string; messages: () => Promise<string[]> }): Promise<Figures> {
  const rows: Record<string, Row> = {};
  if (startOnly) {
    const { rssMiB } = await app.ask<{ type: 'memory'; rssMiB: number; id: number }>({ type: 'memory' });
    return { coldStartMs: app.coldStartMs, firstAckMs: app.firstAckMs, rssMiB, rows };
  }
  let detailOn: string | undefined;
  const only = (name: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name);
  step('status one at a time');
  if (only('status')) rows['status (one at a time)'] = { answerP50: await oneAtATime(fake, 20, () => status(), answers.command) };
  step('status burst');
  if (only('status')) rows['/qrv status'] = await rounds(() => burst(fake, app, BURST, status, answers.command));
  step('procedure burst');
  // 詳細 is pressed on an alert the procedure burst posted.
  if (only('procedure') || only('detail')) rows['procedure button'] = await rounds(async () => {
    const messages = await targets.messages(); // the alerts posted in time (all of them, unless posting fell far behind)
    detailOn = messages[0];
    return burst(fake, app, messages.length, (i) => fake.clickButton({ actionId: targets.openButton, userId: user(i), channel: CHANNEL, messageTs: messages[i]! }), answers.modal);
  });
  step('dashboard burst');
  if (only('dashboard')) rows['/qrv dashboard'] = await rounds(() => burst(fake, app, BURST, dashboard, answers.command));
  step('詳細 burst');
  if (only('detail')) rows.詳細 = await rounds(() => burst(fake, app, BURST, (i) => fake.clickButton({ actionId: targets.detailButton, userId: user(i), channel: CHANNEL, messageTs: detailOn! }), answers.respond));
  const { rssMiB } = await app.ask<{ type: 'memory'; rssMiB: number; id: number }>({ type: 'memory' });
  return { coldStartMs: app.coldStartMs, firstAckMs: app.firstAckMs, rssMiB, rows };
}

async function bare(): Promise<Figures> {
  step('bare Bolt app: starting');
  const app = await launch('bare');
  const web = new WebClient('xoxb-bench', { slackApiUrl: fake.apiUrl });
  const buttons = { type: 'actions', elements: ['bench_open', 'bench_detail'].map((id) => ({ type: 'button', action_id: id, text: { type: 'plain_text', text: id } })) };
  try {
    return await measure(app, {
      openButton: 'bench_open',
      detailButton: 'bench_detail',
      messages: async () => Promise.all(Array.from({ length: BURST }, async () => (await web.chat.postMessage({ channel: CHANNEL, text: 'alert', blocks: [buttons] })).ts!)),
    });
  } finally {
    await app.stop();
  }
}

async function bot(database: string): Promise<Figures & { posting: Record<string, Row> }> {
  step(`bot on ${database.startsWith('postgres') ? 'PostgreSQL' : 'PGlite'}: starting`);
  const app = await launch('bot', { BENCH_DATABASE: database });
  try {
    if (!startOnly) {
      step('seeding');
      await app.ask({ type: 'seed', reservations: RESERVATIONS });
    }
    const figures = await measure(app, {
      openButton: ALL_SHOPS_NG_ACTIONS.shopSearch,
      detailButton: ALERT_DETAIL_ACTION,
      messages: async () => {
        const { alerts, posted } = await insertToPost(fake, app, BURST, 1000);
        return alerts.flatMap((a) => (posted.has(a.id) ? [posted.get(a.id)!.ts] : []));
      },
    });
    const posting: Record<string, Row> = {};
    for (const rate of startOnly || process.env.BENCH_ONLY ? [] : [10, 100]) {
      step(`insert → post at ${rate}/s`);
      await app.ask({ type: 'stall-reset' });
      const r = await insertToPost(fake, app, rate * RATE_SECONDS, rate);
      const stall = await app.ask<{ type: 'stall'; maxMs: number; id: number; p99Ms: number; cpuMs: number }>({ type: 'stall' });
      posting[`insert → post at ${rate}/s`] = { p50: r.p50, p99: r.p99, missing: r.missing, stallMs: stall.maxMs };
    }
    await app.stop();
    step('restart on the migrated database');
    const again = await launch('bot', { BENCH_DATABASE: database });
    await again.stop();
    return { ...figures, posting, restartMs: again.coldStartMs, restartFirstAckMs: again.firstAckMs };
  } finally {
    await app.stop();
  }
}

async function withPostgres<T>(run: (url: string) => Promise<T>): Promise<T | undefined> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (server === 'none') return undefined;
  const scratch = await createScratchDatabase(server, 'qrv_side');
  try {
    return await run(scratch.url);
  } finally {
    await scratch.drop();
  }
}

async function withPglite<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qrv-side-'));
  try {
    return await run(join(dir, 'db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(floor: Figures, results: Array<[string, (Figures & { posting: Record<string, Row> }) | undefined]>) {
  const cols = results.filter((r): r is [string, Figures & { posting: Record<string, Row> }] => Boolean(r[1]));
  const line = (label: string, cells: string[]) => console.log(`| ${label} | ${cells.join(' | ')} |`);
  line('', ['bare Bolt', ...cols.map(([name]) => name)]);
  line('---', ['---', ...cols.map(() => '---')]);
  for (const [scenario, base] of Object.entries(floor.rows)) {
    for (const key of ['ackP50', 'ackP99', 'answerP50', 'answerP99', 'lateAcks', 'unacked', 'unanswered', 'stallMs', 'cpuMs'] as const) {
      if (base[key] === undefined) continue;
      const fmt = (v: number | undefined) => (key === 'lateAcks' || key === 'unacked' || key === 'unanswered' ? String(v ?? '—') : ms(v));
      const withRatio = key === 'lateAcks' || key === 'unacked' || key === 'unanswered' || key === 'stallMs' ? () => '' : (v: number | undefined) => ratio(v, base[key]);
      line(`${scenario} ${key}`, [fmt(base[key]), ...cols.map(([, f]) => `${fmt(f.rows[scenario]?.[key])}${withRatio(f.rows[scenario]?.[key])}`)]);
    }
  }
  for (const scenario of Object.keys(cols[0]?.[1].posting ?? {})) {
    for (const key of ['p50', 'p99', 'missing', 'stallMs']) {
      line(`${scenario} ${key}`, ['—', ...cols.map(([, f]) => (key === 'missing' ? String(f.posting[scenario]?.[key]) : ms(f.posting[scenario]?.[key])))]);
    }
  }
  line('memory (RSS)', [`${floor.rssMiB.toFixed(0)} MiB`, ...cols.map(([, f]) => `${f.rssMiB.toFixed(0)} MiB`)]);
  line('cold start → connected (fresh database)', [ms(floor.coldStartMs), ...cols.map(([, f]) => `${ms(f.coldStartMs)}${ratio(f.coldStartMs, floor.coldStartMs)}`)]);
  line('restart → connected (migrated database)', [ms(floor.coldStartMs), ...cols.map(([, f]) => `${ms(f.restartMs)}${ratio(f.restartMs, floor.coldStartMs)}`)]);
  // Connected is not yet answering: an interaction waits for the handlers (the bot registers them after connecting).
  line('cold start → first interaction acked (fresh database)', [ms(floor.firstAckMs), ...cols.map(([, f]) => `${ms(f.firstAckMs)}${ratio(f.firstAckMs, floor.firstAckMs)}`)]);
  line('restart → first interaction acked', [ms(floor.firstAckMs), ...cols.map(([, f]) => `${ms(f.restartFirstAckMs)}${ratio(f.restartFirstAckMs, floor.firstAckMs)}`)]);
}

try {
  console.log(startOnly ? 'side by side: start-up only' : `side by side: bursts of ${BURST}, ${ROUNDS} round(s), ${RESERVATIONS} reservations${quick ? ' (quick)' : ''}`);
  const floor = await bare();
  if (calibrate) {
    // The bench's own noise: the same bare app again, as if it were the bot.
    print(floor, [['bare Bolt again', { ...(await bare()), posting: {} }]]);
  } else {
    await botsAgainst(floor);
  }
  const violations = fake.violations.filter((v) => v.kind !== 'unacked_envelope');
  if (violations.length > 0) console.log(`fake Slack violations: ${violations.length} (first: ${violations[0]!.kind} ${violations[0]!.message})`);
} finally {
  await fake.close();
}

async function botsAgainst(floor: Figures) {
  const targets = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
  const survive = async <T>(label: string, run: () => Promise<T>) => {
    try {
      const out = await run();
      process.stderr.write(`  ${label}: ${JSON.stringify(out)}\n`);
      return out;
    } catch (error) {
      console.log(`${label}: the run failed: ${(error as Error).message}`);
      return undefined;
    }
  };
  const onPostgres = targets.includes('postgres') ? await survive('bot on PostgreSQL', () => withPostgres((url) => bot(url))) : undefined;
  const onPglite = targets.includes('pglite') ? await survive('bot on PGlite', () => withPglite((dir) => bot(dir))) : undefined;
  print(floor, [['bot on PostgreSQL', onPostgres], ['bot on PGlite', onPglite]]);
}
