import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, requireSlack, type Config } from './config.js';
import type { Database } from './db/client.js';
import { databaseRolesSql } from './db/roles.js';
import { DatabaseLockedError } from './db/lock.js';
import { MigrationFailedError } from './db/gate.js';
import { ALERT_KIND_NAMES } from './domain/alert-kinds.js';
import { DomainError, isDomainError } from './errors.js';
import { createLogger } from './logger.js';
import { parseAlertInput } from './domain/alert-input.js';
import { StartAborted, unlessAborted } from './shutdown.js';
import { SlackTokenRejectedError } from './slack/token-error.js';

const USAGE = `usage: qrv <command>
  qrv start                                   run the bot (Socket Mode); without Slack tokens: the sandbox
  qrv sandbox                                 the bot against a built-in Slack, in the browser (no Slack app)
  qrv migrate                                 apply database migrations (run it as the owner role)
  qrv db roles [--owner qrv_owner] [--runtime qrv_runtime]
                                              print the SQL creating the owner and runtime roles
  qrv seed --demo                             demo shops, reservations and one alert of each kind
  qrv alert <kind> <QRV-XXXXXX|-> [--details JSON]
                                              raise an alert as the QRV core does
      kinds: ${ALERT_KIND_NAMES.join(', ')}
  qrv shops import <file.csv>                 load the unregistered-shop list (name,phone,area,address; updates by phone)`;

export const SLACK_SETUP_HELP = `Slack に接続できません: SLACK_BOT_TOKEN と SLACK_APP_TOKEN を設定してください。
  1. https://api.slack.com/apps →「Create New App」→「From a manifest」で manifest.yml を貼り付けて作成
  2.「Basic Information」→「App-Level Tokens」で connections:write のトークン (xapp-…) を作成 → SLACK_APP_TOKEN
  3. ワークスペースにインストールし「OAuth & Permissions」の Bot User OAuth Token (xoxb-…) → SLACK_BOT_TOKEN
  4. #qrv-alerts にボットを招待し、必要なら QRV_ALERTS_CHANNEL にチャンネルID (C…) を設定
Cannot connect to Slack: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN.
  Create the app from manifest.yml (api.slack.com/apps → Create New App → From a manifest),
  add an app-level token with connections:write (SLACK_APP_TOKEN, xapp-…), install it and copy
  the Bot User OAuth Token (SLACK_BOT_TOKEN, xoxb-…). See README.md, "Creating the Slack app".`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (env === process.env) loadDotEnv();
  // No Slack app yet (or asked for): the sandbox, with its own configuration (src/sandbox/config.ts).
  if (command === 'sandbox' || (command === 'start' && !env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_APP_TOKEN?.trim())) {
    const { runSandbox } = await import('./sandbox/cli.js');
    return runSandbox(env);
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  // The bot's own log goes to a file too when /qrv logs searches local files (no AWS).
  const ownLog = command === 'start' && config.logs.source === 'local' ? (config.logs.ownLogFile ?? join(config.logs.localDir, 'qrv-ops-bot.log')) : undefined;
  const logger = createLogger({ level: config.logLevel, file: ownLog });
  try {
    switch (command) {
      case 'start':
        return await start(config, logger);
      case 'migrate':
        return await withDatabase(config, async (database) => {
          await database.migrate();
          console.log(`migrations applied (${database.kind})`);
        });
      case 'db': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { owner: { type: 'string', default: 'qrv_owner' }, runtime: { type: 'string', default: 'qrv_runtime' }, database: { type: 'string' } },
        });
        if (positionals[0] !== 'roles') return usage('qrv db needs roles');
        const database = values.database ?? (config.database.url ? new URL(config.database.url).pathname.slice(1) : undefined);
        if (!database) return usage('qrv db roles needs DATABASE_URL or --database');
        try {
          console.log(databaseRolesSql({ database, owner: values.owner, runtime: values.runtime }));
        } catch (error) {
          return usage((error as Error).message);
        }
        return 0;
      }
      case 'seed': {
        const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
        if (!values.demo) return usage('qrv seed needs --demo');
        return await withDatabase(config, async (database) => {
          await database.migrate();
          const { seedDemo } = await import('./seed/demo.js');
          const result = await seedDemo(database.db);
          console.log(`demo data: ${result.reservations} reservations and ${result.alerts} alerts added`);
        });
      }
      case 'alert': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { details: { type: 'string' } } });
        const [kind, reservation] = positionals;
        if (!kind || !reservation || positionals.length > 2) return usage('qrv alert needs <kind> and <reservation-id>');
        // Checked before the database is opened: a mistyped kind is refused at once.
        const input = parseAlertInput({ kind, reservationId: reservation === '-' ? null : reservation.toUpperCase(), detailsJson: values.details });
        return await withDatabase(config, async (database) => {
          await database.migrate();
          const { raiseAlert } = await import('./workflows/raise-alert.js');
          const { id } = await raiseAlert({ db: database.db }, input);
          console.log(`alert #${id} raised (${kind})`);
        });
      }
      case 'shops': {
        const [sub, file, ...extra] = rest;
        if (sub !== 'import' || !file || extra.length) return usage('qrv shops needs import <file.csv>');
        const csv = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new DomainError('SHOP_CSV_UNREADABLE', `ファイルを読めません: ${file}（${error.code ?? error.message}）`);
        });
        return await withDatabase(config, async (database) => {
          await database.migrate();
          const { importShops } = await import('./workflows/import-shops.js');
          const r = await importShops({ db: database.db }, { csv, actor: 'cli' });
          console.log(`shops: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged`);
        });
      }
      default:
        return usage(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof DatabaseLockedError || error instanceof ConfigError || error instanceof SlackTokenRejectedError) {
      console.error(error.message);
      return 2;
    }
    if (isDomainError(error)) {
      console.error(`error: ${error.userMessage}`);
      return 2;
    }
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usage((error as Error).message);
    if (error instanceof MigrationFailedError) {
      // Slack was connected meanwhile (and is closed again): one clear line, exit 1.
      logger.fatal({ err: error.cause }, error.message);
      console.error(error.message);
      return 1;
    }
    logger.fatal({ err: error }, 'qrv failed');
    return 1;
  }
}

/** `.env` in the working directory, when present; variables already set in the environment win. */
function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

/** Each subcommand loads only what it needs: the database code (PGlite, pg, drizzle) here. */
async function withDatabase(config: Config, work: (db: Database) => Promise<void>): Promise<number> {
  const { openDatabase } = await import('./db/client.js');
  const database = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir });
  try {
    await work(database);
    return 0;
  } finally {
    await database.close();
  }
}

async function start(config: Config, logger: ReturnType<typeof createLogger>): Promise<number> {
  let slack: ReturnType<typeof requireSlack>;
  try {
    slack = requireSlack(config);
  } catch {
    console.error(SLACK_SETUP_HELP);
    return 1;
  }
  // From here on SIGTERM / SIGINT stop the bot within QRV_SHUTDOWN_TIMEOUT_MS, during start-up too.
  const shutdown = shutdownOnSignal(config.shutdownTimeoutMs, logger);
  try {
    // The bot's modules load while Slack checks the tokens (loading them opens nothing).
    const runtime = import('./runtime.js');
    runtime.catch(() => {}); // awaited below
    // A token Slack refuses stops here (SlackTokenRejectedError: one line, exit 2), before the bot and its database open.
    const { verifySlackTokens } = await import('./slack/verify-tokens.js');
    await unlessAborted(shutdown.signal, verifySlackTokens(slack));
    // A promise nobody awaited that failed: one structured line, and the bot carries on.
    process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
    // The database opens (its driver's modules; the embedded one's lock) while the rest of the bot's modules load.
    const { openDatabase } = await import('./db/client.js');
    const opening = openDatabase({ url: config.database.url, dataDir: config.database.dataDir, logger });
    opening.catch(() => {}); // startBot awaits it
    const { startBot } = await runtime;
    const bot = await startBot({ config, logger, signal: shutdown.signal, opening });
    await shutdown.requested;
    const { cut, inFlight } = await bot.stop({ deadlineAt: shutdown.deadlineAt() });
    if (cut.length > 0) {
      logger.error({ cut, inFlight, timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline reached: work cut (leases given back; the next start finishes it)');
      return shutdown.exit(1);
    }
    logger.info({ ms: shutdown.elapsed() }, 'stopped');
    return shutdown.exit(0);
  } catch (error) {
    if (!(error instanceof StartAborted)) throw error;
    logger.info({ ms: shutdown.elapsed() }, 'stopped during start-up (what had started was closed)');
    return shutdown.exit(0);
  }
}

/**
 * The first SIGTERM / SIGINT aborts start-up or starts the stop; at the deadline the process exits 1
 * whatever is still running (the embedded-database lock is released by its exit handler). A second
 * signal does not restart anything.
 */
function shutdownOnSignal(timeoutMs: number, logger: ReturnType<typeof createLogger>) {
  const controller = new AbortController();
  let signalledAt: number | undefined;
  let hard: NodeJS.Timeout | undefined;
  let resolveRequested!: () => void;
  const requested = new Promise<void>((resolve) => (resolveRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalledAt !== undefined) return logger.warn({ signal }, 'already stopping');
    signalledAt = Date.now();
    logger.info({ signal, timeoutMs }, 'stopping');
    hard = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown deadline reached: exiting now');
      process.exit(1);
    }, timeoutMs);
    hard.unref();
    controller.abort();
    resolveRequested();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Under `npm start` (npm 11), SIGTERM to npm ends npm and its shell at once and never reaches the bot:
  // the bot notices that its parent is gone and stops as if it had received the signal.
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      logger.warn({ parent }, 'the npm process that started the bot is gone (npm does not pass SIGTERM on): stopping');
      onSignal('SIGTERM');
    }, 500);
    watch.unref();
  }
  return {
    signal: controller.signal,
    requested,
    deadlineAt: () => (signalledAt ?? Date.now()) + timeoutMs,
    elapsed: () => (signalledAt === undefined ? 0 : Date.now() - signalledAt),
    /** The exit code, once the log is flushed; a handle left open by a cut step (a hung request) does not keep the process alive. */
    async exit(code: number): Promise<number> {
      clearTimeout(hard);
      await new Promise<void>((resolve) => {
        logger.flush(() => resolve());
        setTimeout(resolve, 1000).unref();
      });
      setTimeout(() => process.exit(code), 100).unref();
      return code;
    },
  };
}
