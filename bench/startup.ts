/**
 * Start-up figures of the built command (plain node on dist/, as `npm start` and `qrv` run):
 * `qrv alert --help`, `qrv alert` on PostgreSQL, and a cold start until Socket Mode is connected
 * (to the fake Slack) on PostgreSQL and on the embedded database. Prints; asserts nothing.
 * Needs the build (`npm ci` or `npm run build`) and BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test; `none` skips PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startFakeSlack } from '../src/fake-slack/index.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/qrv.mjs');
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'qrv-bench-start-'));
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'error', QRV_HTTP_PORT: '0', QRV_LOGS_SOURCE: 'local', QRV_LOG_DIR: join(dir, 'logs') };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const show = (label: string, xs: number[], target?: string) =>
  console.log(`  ${label}: median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms (n=${xs.length})${target ? `; target ${target}` : ''}`);

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...baseEnv, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`qrv ${args.join(' ')} exited ${code}`))));
  });
}

/**
 * Spawns `qrv start` and measures until the fake Slack sees its Socket Mode connection, then until
 * a `/qrv help` sent at that moment is acked (connected is not yet answering: the handlers register after).
 */
async function coldStart(env: Record<string, string>): Promise<{ connected: number; acked: number }> {
  const fake = await startFakeSlack({ channels: { 'qrv-alerts': 'C0BENCH' } });
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...baseEnv, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_APP_TOKEN: 'xapp-bench', SLACK_API_URL: fake.apiUrl, QRV_ALERTS_CHANNEL: 'C0BENCH', QRV_OPERATORS: '*', QRV_SCHEDULER: 'off', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await fake.waitForConnections(1, 120_000);
    const connected = performance.now() - t0;
    await fake.sendSlashCommand({ command: '/qrv', text: 'help', userId: 'U0BENCH', channelId: 'C0BENCH' });
    return { connected, acked: performance.now() - t0 };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await fake.close();
  }
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (server === 'none') return undefined;
  const name = `qrv_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

if (!existsSync(join(ROOT, 'dist/main.js'))) {
  console.log('startup: dist/ is missing, run npm run build first');
} else {
  console.log('== start-up (node on dist/)');
  const help: number[] = [];
  for (let i = 0; i < RUNS; i++) help.push(await run(['alert', '--help'], {}));
  show('qrv alert --help', help, '< 1000 ms');

  const database = await postgresDatabase();
  try {
    if (database) {
      await run(['migrate'], { DATABASE_URL: database.url });
      const alert: number[] = [];
      for (let i = 0; i < RUNS; i++) alert.push(await run(['alert', 'system', '-'], { DATABASE_URL: database.url }));
      show('qrv alert system - (PostgreSQL, migrated)', alert, '< 2000 ms');
      const cold: Array<{ connected: number; acked: number }> = [];
      for (let i = 0; i < 3; i++) cold.push(await coldStart({ DATABASE_URL: database.url }));
      show('cold start → Socket Mode connected (PostgreSQL, migrated)', cold.map((c) => c.connected), '< 3000 ms');
      show('cold start → first /qrv help acked (PostgreSQL, migrated)', cold.map((c) => c.acked));
    }
    const dataDir = join(dir, 'db');
    const first = await coldStart({ QRV_DATA_DIR: dataDir });
    show('first start → Socket Mode connected (embedded, creates and migrates the database)', [first.connected]);
    show('first start → first /qrv help acked (embedded, creates and migrates the database)', [first.acked]);
    const cold: Array<{ connected: number; acked: number }> = [];
    for (let i = 0; i < 3; i++) cold.push(await coldStart({ QRV_DATA_DIR: dataDir }));
    show('cold start → Socket Mode connected (embedded, migrated)', cold.map((c) => c.connected));
    show('cold start → first /qrv help acked (embedded, migrated)', cold.map((c) => c.acked));
  } finally {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
