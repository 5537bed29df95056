import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, requireSlack, type Config } from './config.js';
import type { Database } from './db/client.js';
import { databaseRolesSql } from './db/roles.js';
import { DatabaseLockedError } from './db/lock.js';
import { ALERT_KIND_NAMES } from './domain/alert-kinds.js';
import { isDomainError } from './errors.js';
import { createLogger } from './logger.js';
import { parseAlertInput } from './domain/alert-input.js';
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
      kinds: ${ALERT_KIND_NAMES.join(', ')}`;

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
  // A token Slack refuses stops here (SlackTokenRejectedError: one line, exit 2), before the bot and its database load.
  const { verifySlackTokens } = await import('./slack/verify-tokens.js');
  await verifySlackTokens(slack);
  // A promise nobody awaited that failed: one structured line, and the bot carries on.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const { startBot } = await import('./runtime.js');
  const bot = await startBot({ config, logger });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'stopping');
      bot.stop().finally(resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}
