import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import { startFakeSlack, type FakeSlack } from '../../src/fake-slack/index.js';
import { ALERTS_CHANNEL, eventually } from '../support/bot.js';
import { botEnv, QRV_ENTRY, spawnQrv, type QrvProcess } from '../support/cli-process.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

/**
 * SIGTERM to the real `qrv start` process at awkward moments: it exits within
 * QRV_SHUTDOWN_TIMEOUT_MS (exit 0 when everything in flight finished, 1 with what was cut), leaves
 * no embedded-database lock behind, and the next start finishes whatever was left.
 */
let slack: FakeSlack;
let dir: string;
let shared: TestDatabase | undefined;
let where: { url?: string; dataDir?: string };
const running: QrvProcess[] = [];

beforeEach(async () => {
  slack = await startFakeSlack({ channels: { 'qrv-alerts': ALERTS_CHANNEL } });
  dir = mkdtempSync(join(tmpdir(), 'qrv-shutdown-'));
  shared = onPostgres ? await createTestDatabase() : undefined;
  where = shared ? { url: shared.url! } : { dataDir: join(dir, 'db') };
});
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop('SIGKILL');
  await slack.close();
  await shared?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the database while no bot runs (the embedded one is single-process), migrated. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = shared ?? (await openDatabase(where));
  try {
    if (!shared) await database.migrate();
    return await work(database);
  } finally {
    if (!shared) await database.close();
  }
}

function qrvStart(extra: Record<string, string> = {}): QrvProcess {
  const p = spawnQrv(['start'], botEnv(slack, where, { QRV_LOG_DIR: join(dir, 'logs'), QRV_POLL_INTERVAL_MS: '500', ...extra }));
  running.push(p);
  return p;
}

const lockFile = () => join(dir, 'db.lock');
const posts = () => slack.messages(ALERTS_CHANNEL).filter((m) => !m.thread_ts);

/** The next start posts what was left, once, and stops cleanly. */
async function nextStartPostsOnce(alertId: number) {
  const next = qrvStart();
  await next.waitForLog((l) => l.msg === 'alert posted' && l.alertId === alertId);
  expect((await next.stop('SIGTERM')).code).toBe(0);
  expect(posts()).toHaveLength(1);
  const row = await withDatabase(async (database) => (await database.db.select().from(alerts))[0]!);
  expect(row.slackTs).toBe(posts()[0]!.ts);
}

describe('qrv start: SIGTERM and SIGINT', { timeout: 300_000 }, () => {
  it('mid-post (chat.postMessage answering 503): exits 0 within the deadline; the next start posts the alert once', async () => {
    const alertId = await withDatabase((database) => coreRaisesAlert(database.db, 'system', null, { title: 'mid-post' }));
    slack.outage({ status: 503 }, ['chat.postMessage']);
    const bot = qrvStart();
    await bot.waitForLog('QRV ops bot started');
    // A try after start-up (the first one is part of it): the alert is being retried when the signal comes.
    const failed = (l: Record<string, unknown>) => l.msg === 'alert post failed; will retry' && l.alertId === alertId;
    await eventually(() => bot.lines().filter(failed).length >= 2, 60_000);
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(bot.lines().some((l) => l.msg === 'stopped')).toBe(true);
    expect(existsSync(lockFile())).toBe(false);
    slack.endOutage();
    await nextStartPostsOnce(alertId);
  });

  it('a post that never answers: cut at the deadline, exit 1 naming it, its lease given back; the next start posts once', async () => {
    const alertId = await withDatabase((database) => coreRaisesAlert(database.db, 'system', null, { title: 'hung post' }));
    slack.outage({ hang: true }, ['chat.postMessage']);
    const bot = qrvStart({ QRV_SHUTDOWN_TIMEOUT_MS: '3000', QRV_SLACK_TIMEOUT_MS: '15000' });
    await bot.waitForLog('QRV ops bot started');
    await eventually(() => slack.calls.some((c) => c.method === 'chat.postMessage'), 60_000);
    const stopped = await bot.stop('SIGINT');
    expect(stopped.code).toBe(1);
    const cut = await bot.waitForLog('shutdown deadline reached: work cut (leases given back; the next start finishes it)', 1000);
    expect(cut.cut).toContain('alert posts in flight');
    expect(cut.inFlight).toMatchObject({ alerts: [alertId] });
    expect(existsSync(lockFile())).toBe(false);
    const row = await withDatabase(async (database) => (await database.db.select().from(alerts))[0]!);
    expect(row.slackTs).toBeNull();
    expect(row.postError).toBe('the bot stopped while posting');
    slack.endOutage();
    await nextStartPostsOnce(alertId);
  });

  it('mid-reconnect (Socket Mode refused after a disconnect): exits 0 within the deadline; the next start connects', async () => {
    const bot = qrvStart();
    await bot.waitForLog('QRV ops bot started');
    slack.outage({ status: 503 }, ['apps.connections.open']);
    const before = slack.calls.length;
    await slack.disconnectAll();
    await eventually(() => slack.calls.slice(before).some((c) => c.method === 'apps.connections.open' && c.status === 503), 60_000);
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    slack.endOutage();
    const alertId = await withDatabase((database) => coreRaisesAlert(database.db, 'system', null, { title: 'after the reconnect' }));
    await nextStartPostsOnce(alertId);
  });

  it('mid-start-up (Socket Mode not connecting yet): exits 0, the embedded-database lock released; the next start posts what waited', async () => {
    const alertId = await withDatabase((database) => coreRaisesAlert(database.db, 'system', null, { title: 'waiting for start-up' }));
    slack.outage({ status: 503 }, ['apps.connections.open']);
    const bot = qrvStart();
    // The first apps.connections.open is the token check; the next ones are the socket, after the database opened.
    await eventually(() => slack.calls.filter((c) => c.method === 'apps.connections.open').length >= 2, 120_000);
    if (!shared) expect(existsSync(lockFile())).toBe(true);
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(bot.lines().some((l) => l.msg === 'stopped during start-up (what had started was closed)')).toBe(true);
    expect(bot.lines().some((l) => l.msg === 'QRV ops bot started')).toBe(false);
    expect(existsSync(lockFile())).toBe(false);
    slack.endOutage();
    await nextStartPostsOnce(alertId);
  });

  it('SIGTERM to `npm start` (npm exits at once and does not pass it on): the bot stops by itself, lock released', async () => {
    // A package whose start script runs the bot from the sources, as `npm start` runs bin/qrv.mjs.
    const pkg = join(dir, 'pkg');
    const tsx = import.meta.resolve('tsx');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'qrv-npm-start', private: true, scripts: { start: `node --import ${tsx} ${QRV_ENTRY} start` } }));
    const env = botEnv(slack, where, { QRV_LOG_DIR: join(dir, 'logs') });
    const npm = spawn('npm', ['start'], { cwd: pkg, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += String(c)));
    const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const started = await eventually(() => lines().find((l) => l.msg === 'QRV ops bot started'), 120_000);
    const pid = started.pid as number;
    const npmExited = new Promise((resolve) => npm.on('exit', resolve));
    npm.kill('SIGTERM');
    await npmExited;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await eventually(() => !alive(), 30_000);
    } finally {
      if (alive()) process.kill(pid, 'SIGKILL');
    }
    expect(lines().some((l) => l.msg === 'the npm process that started the bot is gone (npm does not pass SIGTERM on): stopping')).toBe(true);
    expect(lines().some((l) => l.msg === 'stopped')).toBe(true);
    expect(existsSync(lockFile())).toBe(false);
  });
});
