import type { AuditRunner } from '../../src/workflows/maintenance-checks.js';
import type { LoadHandlers } from '../../src/app.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { startFakeSlack, type FakeSlack } from '../../src/fake-slack/index.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { SnsOptions } from '../../src/http/sns.js';
import type { Ports } from '../../src/ports/index.js';
import { preloadModules, startBot, type RunningBot } from '../../src/runtime.js';
import { afterEach, beforeEach } from 'vitest';
import { useTestDatabase, type TestDatabase } from './db.js';

export const ALERTS_CHANNEL = 'C0QRVALERT';

/** A logger that keeps its JSON lines in memory (and prints nothing). */
export function memoryLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

function testConfig(fake: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_APP_TOKEN: 'xapp-test-token',
    SLACK_API_URL: fake.apiUrl,
    QRV_ALERTS_CHANNEL: ALERTS_CHANNEL,
    QRV_POLL_INTERVAL_MS: '250',
    QRV_LOGS_SOURCE: 'local',
    QRV_LOG_DIR: join(tmpdir(), 'qrv-test-no-logs'),
    // Scheduled posts and reminders depend on the time of day: tests that want them turn them on.
    QRV_SCHEDULER: 'off',
    // Every member acts unless a test names its operators (the access tests do).
    QRV_OPERATORS: '*',
    // No HTTP listener unless a test asks for one (on an ephemeral port): see BotHarness.start.
    QRV_HTTP_PORT: '0',
    ...env,
  });
}

export interface BotHarness {
  fake: FakeSlack;
  /** Starts one bot instance on the test database (call twice for two instances). */
  start(options?: { env?: Record<string, string>; clock?: Clock; database?: TestDatabase; ports?: Ports; http?: boolean; sns?: SnsOptions; audit?: AuditRunner; loadHandlers?: LoadHandlers }): Promise<RunningBot>;
  /** Stops every bot, then the fake Slack. */
  stop(): Promise<void>;
  logs: () => Array<Record<string, unknown>>;
}

export async function startBotHarness(database: TestDatabase): Promise<BotHarness> {
  const fake = await startFakeSlack({ channels: { 'qrv-alerts': ALERTS_CHANNEL } });
  const bots: RunningBot[] = [];
  const { logger, lines } = memoryLogger();
  return {
    fake,
    logs: lines,
    async start(options = {}) {
      const config = testConfig(fake, options.env);
      // Every module loaded before the bot connects: here they compile from TypeScript on load (seconds),
      // longer than Slack's 3 s for an envelope a test sends as soon as the bot is connected.
      await preloadModules();
      const bot = await startBot({
        // An ephemeral port (the listener reports its URL as bot.http.url).
        config: options.http ? { ...config, http: { host: '127.0.0.1', port: 0 } } : config,
        logger,
        clock: options.clock,
        // A test that drives its own clock ticks the scheduler itself: no real-minute tick races it.
        schedulerCron: !options.clock,
        ports: options.ports,
        sns: options.sns,
        loadHandlers: options.loadHandlers,
        audit: options.audit ?? (() => Promise.reject(new Error('no audit runner in this test'))),
        database: options.database ?? database,
      });
      bots.push(bot);
      return bot;
    },
    async stop() {
      await Promise.all(bots.splice(0).map((b) => b.stop()));
      await fake.close();
    },
  };
}

/** Polls `check` until it returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The lifecycle bot tests share: one migrated database per test file, emptied before each test;
 * a fresh fake Slack (and harness) per test, stopped after it, failing the test on any Slack
 * limit violation. Fields are set by the hooks: read them inside tests and hooks.
 */
export function useBotTest(): { database: TestDatabase; h: BotHarness } {
  const t = useTestDatabase() as { database: TestDatabase; h: BotHarness };
  beforeEach(async () => {
    t.h = await startBotHarness(t.database);
  });
  afterEach(async () => {
    await t.h.stop();
    t.h.fake.assertNoViolations();
  });
  return t;
}
