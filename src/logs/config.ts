/**
 * Configuration of `/qrv logs`. Plain (zod-free) so the app's config loader can map its own
 * validated environment onto it; `logsConfigFromEnv` is the reference mapping.
 */

export const DEFAULT_LOG_GROUPS = ['/qrv/mcp-server', '/qrv/api-server', '/qrv/celery-worker'];
export const DEFAULT_LOG_DIR = './.qrv/logs';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Group name under which the bot's own pino log file is searched locally. */
export const OWN_LOG_GROUP = 'qrv-ops-bot';

export interface LogsConfig {
  /** CloudWatch log groups (QRV_LOG_GROUPS). */
  groups: string[];
  /** AWS region (AWS_REGION / AWS_DEFAULT_REGION); also used for the console link. */
  region?: string;
  /** Explicit CloudWatch Logs endpoint; unset → the SDK's own (incl. AWS_ENDPOINT_URL_CLOUDWATCH_LOGS). */
  endpoint?: string;
  /** `cloudwatch` or `local`; unset → cloudwatch when region/credentials/endpoint are present. */
  source?: 'cloudwatch' | 'local';
  /** Folder of NDJSON log files searched locally (QRV_LOG_DIR). */
  localDir: string;
  /** The bot's own pino log file, searched locally as group `qrv-ops-bot`. */
  ownLogFile?: string;
  /** Channels besides QRV_ALERTS_CHANNEL where `--share` is allowed (QRV_LOGS_SHARE_CHANNELS: IDs or #names). */
  shareChannels?: string[];
  /** Display time zone (QRV_TIMEZONE). */
  timeZone: string;
  /** CloudWatch query timeout before StopQuery (QRV_LOGS_TIMEOUT_MS). */
  timeoutMs: number;
  /** Poll interval of GetQueryResults; default 1000. */
  pollIntervalMs?: number;
}

export type Env = Record<string, string | undefined>;

export function parseGroups(raw: string | undefined): string[] {
  const groups = (raw ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return groups.length > 0 ? [...new Set(groups)] : [...DEFAULT_LOG_GROUPS];
}

/** True when the environment says AWS is meant to be used. */
function awsConfigured(env: Env): boolean {
  return Boolean(
    env.AWS_REGION ||
      env.AWS_DEFAULT_REGION ||
      env.AWS_ACCESS_KEY_ID ||
      env.AWS_PROFILE ||
      env.AWS_ROLE_ARN ||
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
      env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS,
  );
}

/**
 * Reference mapping from the environment:
 * QRV_LOG_GROUPS, QRV_LOGS_SOURCE (cloudwatch|local), AWS_REGION / AWS_DEFAULT_REGION,
 * QRV_LOG_DIR (./.qrv/logs), QRV_LOG_FILE (the bot's own log file), QRV_TIMEZONE (Asia/Tokyo),
 * QRV_LOGS_TIMEOUT_MS (60000).
 */
export function logsConfigFromEnv(env: Env = process.env): LogsConfig {
  const sourceRaw = env.QRV_LOGS_SOURCE?.trim().toLowerCase();
  if (sourceRaw && sourceRaw !== 'cloudwatch' && sourceRaw !== 'local') {
    throw new Error('QRV_LOGS_SOURCE: must be cloudwatch or local');
  }
  const timeoutRaw = env.QRV_LOGS_TIMEOUT_MS?.trim();
  const timeoutMs = timeoutRaw ? Number(timeoutRaw) : DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 15 * 60_000) {
    throw new Error('QRV_LOGS_TIMEOUT_MS: must be an integer between 1000 and 900000');
  }
  return {
    groups: parseGroups(env.QRV_LOG_GROUPS),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    source: (sourceRaw as LogsConfig['source']) ?? (awsConfigured(env) ? 'cloudwatch' : 'local'),
    localDir: env.QRV_LOG_DIR?.trim() || DEFAULT_LOG_DIR,
    shareChannels: (env.QRV_LOGS_SHARE_CHANNELS ?? '').split(',').map((c) => c.trim()).filter(Boolean),
    ownLogFile: env.QRV_LOG_FILE?.trim() || undefined,
    timeZone: env.QRV_TIMEZONE?.trim() || 'Asia/Tokyo',
    timeoutMs,
  };
}
