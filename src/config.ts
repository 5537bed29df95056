import { z } from 'zod';
import { DEFAULT_POST_CONCURRENCY } from './alerts/post-rate.js';
import { ConfigError, type Env } from './config-error.js';
import { ALERT_KINDS, type AlertKind } from './domain/alert-kinds.js';
import { DEFAULT_DAYTIME, type DaytimeHours } from './domain/all-shops-ng-options.js';
import { logsConfigFromEnv, type LogsConfig } from './logs/config.js';
import { loadProviderConfig, type ProviderConfig } from './providers/config.js';
import type { IngestSeverity } from './domain/system-events.js';
import { parseImapUrl, type ImapTarget } from './mail-intake/imap-target.js';

export { ConfigError, type Env };

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const alertOverride = z
  .object({
    deadlineMinutes: z.number().int().positive().optional(),
    priority: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  })
  .strict();

const SLACK_IDS = /^\s*[USW][A-Z0-9]+(\s*,\s*[USW][A-Z0-9]+)*\s*$/;
const CLOCK_TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const WEEKLY_TIME = /^(SUN|MON|TUE|WED|THU|FRI|SAT)\s+([01]?\d|2[0-3]):[0-5]\d$/i;
const MONTHLY_TIME = /^[1-5]\s+([01]?\d|2[0-3]):[0-5]\d$/;

/** When the scheduled posts go out (config.timezone): manual §2.1, §2.3, §8.2, §8.3. */
export interface ScheduleConfig {
  morning: { hour: number; minute: number };
  evening: { hour: number; minute: number };
  /** weekday: 0 = Sunday … 6 = Saturday */
  weekly: { weekday: number; hour: number; minute: number };
  /** The n-th business day (Mon–Fri) of the month, 1–5. */
  monthly: { businessDay: number; hour: number; minute: number };
}

function clockTime(value: string): { hour: number; minute: number } {
  const [h, m] = value.trim().split(':');
  return { hour: Number(h), minute: Number(m) };
}

function parseSchedule(e: { QRV_MORNING_AT?: string; QRV_EVENING_AT?: string; QRV_WEEKLY_AT?: string; QRV_MONTHLY_AT?: string }): ScheduleConfig {
  const [weekday = 'FRI', weeklyAt = '18:00'] = (e.QRV_WEEKLY_AT ?? 'FRI 18:00').trim().split(/\s+/);
  const [businessDay = '1', monthlyAt = '10:00'] = (e.QRV_MONTHLY_AT ?? '1 10:00').trim().split(/\s+/);
  return {
    morning: clockTime(e.QRV_MORNING_AT ?? '10:00'),
    evening: clockTime(e.QRV_EVENING_AT ?? '18:00'),
    weekly: { weekday: WEEKDAYS.indexOf(weekday.toUpperCase() as (typeof WEEKDAYS)[number]), ...clockTime(weeklyAt) },
    monthly: { businessDay: Number(businessDay), ...clockTime(monthlyAt) },
  };
}

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must start with xoxb-')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must start with xapp-')),
  SLACK_API_URL: optional(z.url({ message: 'must be a URL such as https://slack.com/api/' })),
  QRV_SLACK_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(15_000)),
  QRV_SLACK_RETRIES: optional(z.coerce.number().int().min(0).max(3)),
  QRV_ALERTS_CHANNEL: optional(z.string().regex(/^(#[a-z0-9_-]+|[CG][A-Z0-9]+)$/, 'must be a channel ID (C…) or #name')),
  QRV_OPERATORS: optional(
    z.string().refine((v) => v.trim() === '*' || SLACK_IDS.test(v), 'must be user-group IDs (S…) and/or user IDs (U…), comma-separated, or *'),
  ),
  QRV_VIEWERS: optional(z.string().regex(SLACK_IDS, 'must be user-group IDs (S…) and/or user IDs (U…), comma-separated')),
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
  QRV_ALERT_POST_CONCURRENCY: optional(z.coerce.number({ message: 'must be a number of posts (1-64)' }).int().min(1).max(64)),
  QRV_SHUTDOWN_TIMEOUT_MS: optional(z.coerce.number().int().min(1000).max(600_000)),
  QRV_SCHEDULER: optional(z.enum(['on', 'off'], { message: 'must be on or off' })),
  QRV_MIGRATE_ON_START: optional(z.enum(['true', 'false'], { message: 'must be true or false' })),
  QRV_MORNING_AT: optional(z.string().regex(CLOCK_TIME, 'must be a time such as 10:00')),
  QRV_EVENING_AT: optional(z.string().regex(CLOCK_TIME, 'must be a time such as 18:00')),
  QRV_WEEKLY_AT: optional(z.string().regex(WEEKLY_TIME, 'must be a weekday and time such as FRI 18:00')),
  QRV_MONTHLY_AT: optional(z.string().regex(MONTHLY_TIME, 'must be a business day (1-5) and time such as 1 10:00')),
  QRV_DAYTIME: optional(
    z
      .string()
      .regex(/^\s*([01]?\d|2[0-3]):[0-5]\d\s*-\s*([01]?\d|2[0-4]):[0-5]\d\s*$/, 'must be a range such as 08:00-21:00')
      .refine((v) => parseDaytime(v).fromMinute < parseDaytime(v).toMinute, 'must start before it ends, such as 08:00-21:00'),
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  QRV_HTTP_PORT: optional(z.coerce.number({ message: 'must be a port number (0 turns the listener off)' }).int().min(0).max(65535)),
  QRV_INGEST_TOKEN: optional(
    z.string().regex(/^[A-Za-z0-9._~-]{24,256}$/, 'must be 24 or more URL-safe characters (letters, digits, . _ ~ -), e.g. openssl rand -hex 32'),
  ),
  QRV_SNS_TOPIC_ARNS: optional(
    z.string().regex(/^\s*arn:aws[a-z-]*:sns:[^,\s]+(\s*,\s*arn:aws[a-z-]*:sns:[^,\s]+)*\s*$/, 'must be SNS topic ARNs (arn:aws:sns:…), comma-separated'),
  ),
  QRV_INGEST_SEVERITY: optional(z.string()),
  QRV_MANAGEMENT_CHANNEL: optional(z.string().regex(/^(#[a-z0-9_-]+|[CG][A-Z0-9]+)$/, 'must be a channel ID (C…) or #name')),
  QRV_BULK_SMS_PER_SECOND: optional(z.coerce.number({ message: 'must be a number of SMS per second (1-100)' }).int().min(1).max(100)),
  QRV_STORM_COUNT: optional(z.coerce.number({ message: 'must be a number of alerts (2-10000)' }).int().min(2).max(10_000)),
  QRV_STORM_WINDOW_MIN: optional(z.coerce.number({ message: 'must be a number of minutes (1-1440)' }).int().min(1).max(1440)),
  QRV_STORM_TALLY_SECONDS: optional(z.coerce.number({ message: 'must be a number of seconds (0-300)' }).int().min(0).max(300)),
  QRV_HTTP_HOST: optional(z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or address such as 127.0.0.1 or 0.0.0.0')),
  QRV_INQUIRY_IMAP_URL: optional(
    z.string().refine((v) => {
      try {
        parseImapUrl(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be an imap:// or imaps:// URL with the user, such as imaps://user:pass@imap.example.jp/INBOX'),
  ),
  QRV_INQUIRY_POLL_MS: optional(z.coerce.number().int().min(200).max(3_600_000)),
});

/**
 * How the bot talks to the Web API. Each try is cut after `timeoutMs`; a failed call (5xx,
 * timeout, network, 429 after its Retry-After) is tried `retries` more times with 1-4 s back-off,
 * so the defaults end within ~40 s, inside the 60-s alert posting lease.
 */
export interface SlackConnection {
  apiUrl: string;
  timeoutMs: number;
  retries: number;
}

export interface Config {
  slack: SlackConnection & { botToken?: string; appToken?: string };
  alertsChannel: string;
  /** Slack user-group IDs (S…) and user IDs (U…/W…) allowed to act (QRV_OPERATORS; empty with `*`). */
  operators: string[];
  /** QRV_OPERATORS=*: every member of the workspace may act (explicit opt-in, warned at start-up). */
  everyoneOperates: boolean;
  /** QRV_VIEWERS: may read /qrv status, 詳細, /qrv dashboard and App Home, not act. */
  viewers: string[];
  database: { url?: string; dataDir: string };
  /** Apply migrations at start-up (QRV_MIGRATE_ON_START); false when the bot runs as the DML-only runtime role. */
  migrateOnStart: boolean;
  timezone: string;
  alertOverrides: Partial<Record<AlertKind, z.infer<typeof alertOverride>>>;
  pollIntervalMs: number;
  /** Alert posts in flight at once, at most (QRV_ALERT_POST_CONCURRENCY); a 429 lowers it for a while. */
  alertPostConcurrency: number;
  /** SIGTERM / SIGINT: the bot finishes what is in flight and exits within this (QRV_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  logLevel: string;
  /** `/qrv logs`: CloudWatch Logs Insights, or local NDJSON files without AWS. */
  logs: LogsConfig;
  schedule: ScheduleConfig;
  /** Scheduled posts and escalation reminders (the per-minute job); off: this instance never posts them. */
  scheduler: boolean;
  /** Twilio, Stripe, SMTP (each unset: the local recording implementation) and durable delivery. */
  providers: ProviderConfig;
  /** Health checks, metrics (and later the incident intake) on one HTTP listener; undefined: off (QRV_HTTP_PORT=0). */
  http?: { host: string; port: number };
  /** 全店NG: a booking starting outside these hours marks B 日時変更を提案 as 推奨 (QRV_DAYTIME). */
  daytime: DaytimeHours;
  /** The incident intake on the HTTP listener (/hooks/pingdom, /hooks/alerts, /hooks/cloudwatch). */
  intake: { token?: string; snsTopicArns: string[]; severities: Record<string, IngestSeverity> };
  /** The inquiry mailbox (manual §2.2): each new mail becomes an `inquiry` alert; undefined: not read. */
  inquiryMailbox?: { target: ImapTarget; pollMs: number };
  /** An incident's status SMS to affected clients: at most this many per second (QRV_BULK_SMS_PER_SECOND). */
  bulkSmsPerSecond: number;
  /**
   * Alert storms (issue 14 item 6): `count` manual-operation alerts within `windowMinutes`, or twice
   * the usual rate (QRV_STORM_COUNT, QRV_STORM_WINDOW_MIN); the storm message's tally is
   * re-rendered at most every `tallySeconds` (QRV_STORM_TALLY_SECONDS).
   */
  storm: { count: number; windowMinutes: number; tallySeconds: number };
  /** Where 経営陣に報告 posts an incident's summary (QRV_MANAGEMENT_CHANNEL); undefined: the incident's thread. */
  managementChannel?: string;
}

function parseDaytime(value: string): DaytimeHours {
  const [from = '', to = ''] = value.split('-');
  const minutes = (t: string) => {
    const { hour, minute } = clockTime(t);
    return hour * 60 + minute;
  };
  return { fromMinute: minutes(from), toMinute: minutes(to) };
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
      timeoutMs: e.QRV_SLACK_TIMEOUT_MS ?? 10_000,
      retries: e.QRV_SLACK_RETRIES ?? 2,
    },
    alertsChannel: e.QRV_ALERTS_CHANNEL ?? '#qrv-alerts',
    operators: idList(e.QRV_OPERATORS?.trim() === '*' ? undefined : e.QRV_OPERATORS),
    everyoneOperates: e.QRV_OPERATORS?.trim() === '*',
    viewers: idList(e.QRV_VIEWERS),
    database: { url: e.DATABASE_URL, dataDir: e.QRV_DATA_DIR ?? './.qrv/db' },
    migrateOnStart: (e.QRV_MIGRATE_ON_START ?? 'true') === 'true',
    timezone: e.QRV_TIMEZONE ?? 'Asia/Tokyo',
    alertOverrides: parseOverrides(e.QRV_ALERT_OVERRIDES),
    pollIntervalMs: e.QRV_POLL_INTERVAL_MS ?? 5000,
    alertPostConcurrency: e.QRV_ALERT_POST_CONCURRENCY ?? DEFAULT_POST_CONCURRENCY,
    shutdownTimeoutMs: e.QRV_SHUTDOWN_TIMEOUT_MS ?? 10_000,
    logLevel: e.LOG_LEVEL ?? 'info',
    logs: parseLogsConfig(env),
    schedule: parseSchedule(e),
    scheduler: (e.QRV_SCHEDULER ?? 'on') === 'on',
    providers: loadProviderConfig(env),
    http: e.QRV_HTTP_PORT === 0 ? undefined : { host: e.QRV_HTTP_HOST ?? '127.0.0.1', port: e.QRV_HTTP_PORT ?? 8080 },
    daytime: e.QRV_DAYTIME ? parseDaytime(e.QRV_DAYTIME) : DEFAULT_DAYTIME,
    bulkSmsPerSecond: e.QRV_BULK_SMS_PER_SECOND ?? 1,
    storm: { count: e.QRV_STORM_COUNT ?? 10, windowMinutes: e.QRV_STORM_WINDOW_MIN ?? 10, tallySeconds: e.QRV_STORM_TALLY_SECONDS ?? 10 },
    ...(e.QRV_MANAGEMENT_CHANNEL ? { managementChannel: e.QRV_MANAGEMENT_CHANNEL } : {}),
    intake: { token: e.QRV_INGEST_TOKEN, snsTopicArns: idList(e.QRV_SNS_TOPIC_ARNS), severities: parseIngestSeverity(e.QRV_INGEST_SEVERITY) },
    ...(e.QRV_INQUIRY_IMAP_URL ? { inquiryMailbox: { target: parseImapUrl(e.QRV_INQUIRY_IMAP_URL), pollMs: e.QRV_INQUIRY_POLL_MS ?? 60_000 } } : {}),
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

function idList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function normaliseApiUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseIngestSeverity(raw: string | undefined): Record<string, IngestSeverity> {
  if (!raw) return {};
  const example = 'must be JSON such as {"cloudwatch:ALARM":"high","cloudwatch:INSUFFICIENT_DATA":"medium","pingdom:DOWN":"critical"}';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('QRV_INGEST_SEVERITY', example);
  }
  const schema = z.partialRecord(z.enum(['pingdom:DOWN', 'cloudwatch:ALARM', 'cloudwatch:INSUFFICIENT_DATA']), z.enum(['critical', 'high', 'medium', 'low', 'ignore']));
  const result = schema.safeParse(json);
  if (!result.success) throw new ConfigError('QRV_INGEST_SEVERITY', example);
  return result.data;
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
export function requireSlack(config: Config): SlackConnection & { botToken: string; appToken: string } {
  const { botToken, appToken } = config.slack;
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is required to connect to Slack');
  if (!appToken) throw new ConfigError('SLACK_APP_TOKEN', 'is required to connect to Slack (Socket Mode)');
  return { ...config.slack, botToken, appToken };
}

/** The bot refuses to start without an explicit operator list (`*` being the explicit "everyone"). */
export function requireOperators(config: Config): void {
  if (config.operators.length === 0 && !config.everyoneOperates) {
    throw new ConfigError('QRV_OPERATORS', 'is required: user-group IDs (S…) and/or user IDs (U…) who may act, or * for every member');
  }
}
