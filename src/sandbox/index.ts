import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { startFakeSlack, type FakeSlack } from '../fake-slack/index.js';
import type { Logger } from '../logger.js';
import { preloadModules, startBot, type RunningBot } from '../runtime.js';
import { seedDemo } from '../seed/demo.js';
import { createSandboxClock } from './clock.js';
import { sandboxConfig, sandboxSettings } from './config.js';
import { repostOpenAlerts } from './core.js';
import { sandboxPorts, type SandboxPorts } from './ports.js';
import { SANDBOX_CHANNEL, SANDBOX_USERS } from './users.js';
import { startSandboxWeb } from './web.js';

/** One run of the bot inside the sandbox: replaced as a whole by 「リセット」. */
export interface SandboxRun {
  bot: RunningBot;
  database: Database;
  ports: SandboxPorts;
}

export interface Sandbox {
  /** The page: http://127.0.0.1:<port>/ */
  url: string;
  fake: FakeSlack;
  clock: ReturnType<typeof createSandboxClock>;
  run(): SandboxRun;
  /** Empties the database, the channel and the clock, seeds the demo again and restarts the bot. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real bot (startBot, as in production) against the built-in fake Slack, on the embedded
 * database in its own folder with demo data seeded on first start, plus the web page.
 */
export async function startSandbox({ env, logger, startAt }: { env: Env; logger: Logger; startAt?: Date }): Promise<Sandbox> {
  const settings = sandboxSettings(env);
  const dbDir = join(settings.dataDir, 'db');
  const clock = createSandboxClock(env.QRV_TIMEZONE?.trim() || 'Asia/Tokyo', startAt);
  const fake = await startFakeSlack({
    channels: { [SANDBOX_CHANNEL.name]: SANDBOX_CHANNEL.id },
    users: SANDBOX_USERS.map(({ operator: _o, role: _r, ...user }) => user),
    now: () => clock.now().getTime(),
    pingIntervalMs: 0,
  });
  const config = sandboxConfig(env, fake.apiUrl, settings.dataDir);

  const begin = async (): Promise<SandboxRun> => {
    const fresh = !existsSync(dbDir);
    const database = await openDatabase({ dataDir: dbDir });
    try {
      await database.migrate();
      if (fresh) await seedDemo(database.db, clock.now());
      else await repostOpenAlerts(database.db);
      const ports = sandboxPorts();
      // Every module loaded before it connects (`qrv start` loads most after): a click right after start-up is answered at once.
      await preloadModules();
      const bot = await startBot({ config, logger, clock, database, ports: ports.ports, instanceId: 'sandbox' });
      return { bot, database, ports };
    } catch (error) {
      await database.close().catch(() => {});
      throw error;
    }
  };
  const end = async (run: SandboxRun) => {
    await run.bot.stop();
    await run.database.close();
  };

  let current: SandboxRun;
  try {
    current = await begin();
  } catch (error) {
    await fake.close();
    throw error;
  }
  const sandbox: Sandbox = {
    url: '',
    fake,
    clock,
    run: () => current,
    async reset() {
      await end(current);
      await rm(dbDir, { recursive: true, force: true });
      fake.reset();
      clock.reset();
      current = await begin();
    },
    async stop() {
      await web.close();
      await end(current);
      await fake.close();
    },
  };
  let web: Awaited<ReturnType<typeof startSandboxWeb>>;
  try {
    web = await startSandboxWeb({ sandbox, port: settings.port, timeZone: config.timezone, logger });
  } catch (error) {
    await end(current);
    await fake.close();
    throw error;
  }
  sandbox.url = web.url;
  return sandbox;
}
