import { loadConfig, type Config, type Env } from '../config.js';
import { SANDBOX_CHANNEL, SANDBOX_OPERATORS } from './users.js';

/** What the sandbox takes from the environment: its own port and folder, and harmless bot settings. */
const PASSED_THROUGH = ['QRV_TIMEZONE', 'QRV_ALERT_OVERRIDES', 'QRV_MORNING_AT', 'QRV_EVENING_AT', 'QRV_WEEKLY_AT', 'QRV_MONTHLY_AT', 'LOG_LEVEL'] as const;

export interface SandboxSettings {
  port: number;
  dataDir: string;
}

export function sandboxSettings(env: Env): SandboxSettings {
  const raw = env.QRV_SANDBOX_PORT?.trim();
  const port = raw ? Number(raw) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`QRV_SANDBOX_PORT: must be a port number such as 3000 (got "${raw}")`);
  return { port, dataDir: env.QRV_SANDBOX_DIR?.trim() || './.qrv/sandbox' };
}

/**
 * The bot's configuration in the sandbox: the built-in fake Slack, the sandbox's operators, the
 * embedded database in its own folder, local logs. Slack tokens, DATABASE_URL, Twilio, Stripe,
 * SMTP and AWS settings of the environment are never used: nothing leaves the machine.
 */
export function sandboxConfig(env: Env, slackApiUrl: string, dataDir: string): Config {
  const kept: Env = {};
  for (const name of PASSED_THROUGH) if (env[name] !== undefined) kept[name] = env[name];
  return loadConfig({
    ...kept,
    SLACK_BOT_TOKEN: 'xoxb-sandbox',
    SLACK_APP_TOKEN: 'xapp-sandbox',
    SLACK_API_URL: slackApiUrl,
    QRV_ALERTS_CHANNEL: SANDBOX_CHANNEL.id,
    QRV_OPERATORS: SANDBOX_OPERATORS.join(','),
    QRV_DATA_DIR: `${dataDir}/db`,
    QRV_LOGS_SOURCE: 'local',
    QRV_LOG_DIR: `${dataDir}/logs`,
    QRV_POLL_INTERVAL_MS: '500',
    QRV_SCHEDULER: 'on',
    // The demo data raises its five manual-operation alerts at once and a walkthrough a few more: a
    // storm (README: Alert storms) would thread them. Here a storm needs 20 (QRV_STORM_COUNT passes through).
    QRV_STORM_COUNT: env.QRV_STORM_COUNT ?? '20',
    // No health/metrics listener: the page is the sandbox's only port.
    QRV_HTTP_PORT: '0',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  });
}
