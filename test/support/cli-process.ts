import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FakeSlack } from '../../src/fake-slack/index.js';
import { ALERTS_CHANNEL } from './bot.js';

// The sources through tsx (bin/qrv.mjs runs the same entry built into dist/, which may be older than the sources).
export const QRV_ENTRY = join(import.meta.dirname, '../../src/main.ts');

export interface QrvProcess {
  child: ChildProcess;
  /** The JSON log lines printed so far (stdout). */
  lines(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the first log line `match` accepts (a `msg`, or a predicate), or rejects after `timeoutMs`. */
  waitForLog(match: string | ((line: Record<string, unknown>) => boolean), timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with how the process ended and how long after the signal. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment `qrv start` needs against the fake Slack (JSON logs on stdout, no HTTP listener). */
export function botEnv(fake: FakeSlack, database: { url?: string; dataDir?: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: 'xapp-test-token',
    SLACK_API_URL: fake.apiUrl,
    QRV_ALERTS_CHANNEL: ALERTS_CHANNEL,
    QRV_OPERATORS: '*',
    QRV_SCHEDULER: 'off',
    QRV_HTTP_PORT: '0',
    QRV_LOGS_SOURCE: 'local',
    LOG_LEVEL: 'info',
    ...(database.url ? { DATABASE_URL: database.url } : { QRV_DATA_DIR: database.dataDir! }),
    ...extra,
  };
}

/** Runs `qrv <args>` (the real command line, from the sources) as a child process. */
export function spawnQrv(args: string[], env: Record<string, string>): QrvProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', QRV_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const parsed: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += String(chunk);
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    for (const line of parts) {
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        parsed.push({ msg: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    lines: () => parsed,
    stderr: () => err,
    waitForLog(match, timeoutMs = 120_000) {
      const test = typeof match === 'string' ? (l: Record<string, unknown>) => l.msg === match : match;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = parsed.find(test);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no log line ${String(match)} within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`qrv exited before logging ${String(match)}; stderr: ${err.slice(-2000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal) {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
  };
}
