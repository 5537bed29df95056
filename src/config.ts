import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from './domain/alert-kinds.js';
import { logsConfigFromEnv, type LogsConfig } from './logs/config.js';

/** Thrown when a configuration value is missing or malformed; names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const alertOverride = z
  .object({
    deadlineMinutes: z.number().int().positive().optional(),
    priority: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  })
  .strict();

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must start with xoxb-')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must start with xapp-')),
  SLACK_API_URL: optional(z.url({ message: 'must be a URL such as https://slack.com/api/' })),
  QRV_ALERTS_CHANNEL: optional(z.string().regex(/^(#[a-z0-9_-]+|[CG][A-Z0-9]+)$/, 'must be a channel ID (C…) or #name')),
  QRV_OPERATORS: optional(
    z.string().regex(/^\s*[USW][A-Z0-9]+(\s*,\s*[USW][A-Z0-9]+)*\s*$/, 'must be a user-group ID (S…) or user IDs (U…), comma-separated'),
  ),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  QRV_DATA_DIR: optional(z.string()),
  QRV_TIMEZONE: optional(
    z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Tokyo'),
  ),
  QRV_ALERT_OVERRIDES: optional(z.string()),
  QRV_POLL_INTERVAL_MS: optional(z.coerce.number().int().min(100).max(600_000)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  slack: { botToken?: string; appToken?: string; apiUrl: string };
  alertsChannel: string;
  /** Slack user-group IDs (S…) and user IDs (U…/W…) allowed to act; empty: everyone. */
  operators: string[];
  database: { url?: string; dataDir: string };
  timezone: string;
  alertOverrides: Partial<Record<AlertKind, z.infer<typeof alertOverride>>>;
  pollIntervalMs: number;
  logLevel: string;
  /** `/qrv logs`: CloudWatch Logs Insights, or local NDJSON files without AWS. */
  logs: LogsConfig;
}

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: normaliseApiUrl(e.SLACK_API_URL ?? 'https://slack.com/api/'),
    },
    alertsChannel: e.QRV_ALERTS_CHANNEL ?? '#qrv-alerts',
    operators: (e.QRV_OPERATORS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    database: { url: e.DATABASE_URL, dataDir: e.QRV_DATA_DIR ?? './.qrv/db' },
    timezone: e.QRV_TIMEZONE ?? 'Asia/Tokyo',
    alertOverrides: parseOverrides(e.QRV_ALERT_OVERRIDES),
    pollIntervalMs: e.QRV_POLL_INTERVAL_MS ?? 5000,
    logLevel: e.LOG_LEVEL ?? 'info',
    logs: parseLogsConfig(env),
  };
}

function parseLogsConfig(env: Env): LogsConfig {
  try {
    return logsConfigFromEnv(env);
  } catch (error) {
    const [variable = 'QRV_LOGS', ...rest] = String((error as Error).message).split(': ');
    throw new ConfigError(variable, rest.join(': '));
  }
}

function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseOverrides(raw: string | undefined): Config['alertOverrides'] {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('QRV_ALERT_OVERRIDES', 'must be JSON such as {"change_request":{"deadlineMinutes":120}}');
  }
  const schema = z.partialRecord(z.enum(Object.keys(ALERT_KINDS) as [AlertKind, ...AlertKind[]]), alertOverride);
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ConfigError('QRV_ALERT_OVERRIDES', result.error.issues[0]!.message);
  }
  return result.data;
}

/** Slack tokens are required to connect; other commands (migrate, seed, alert) work without them. */
export function requireSlack(config: Config): { botToken: string; appToken: string; apiUrl: string } {
  const { botToken, appToken, apiUrl } = config.slack;
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is required to connect to Slack');
  if (!appToken) throw new ConfigError('SLACK_APP_TOKEN', 'is required to connect to Slack (Socket Mode)');
  return { botToken, appToken, apiUrl };
}
