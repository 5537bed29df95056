/**
 * CloudWatch Logs Insights as a LogSource: StartQuery → poll GetQueryResults until Complete
 * (StopQuery after `timeoutMs`), with our own backoff on throttling (the SDK's retries are
 * off so the waits are ours and testable), and AWS errors mapped to LogsErrors.
 */
import type {
  CloudWatchLogsClient,
  CloudWatchLogsClientConfig,
  GetQueryResultsCommandOutput,
  ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsInsightsConsoleUrl } from './console-link.js';
import {
  accessDenied,
  escapeMrkdwn,
  isLogsError,
  LogsError,
  noCredentials,
  noRegion,
  queryFailed,
  throttled,
  timedOut,
  unavailable,
  unexpected,
} from './errors.js';
import { interpretLine } from './records.js';
import type { LogQuery, LogRecord, LogSearchOptions, LogSearchResult, LogSource } from './source.js';

export interface CloudWatchSourceOptions {
  groups: string[];
  region?: string;
  /** Unset: the SDK's default, which honours AWS_ENDPOINT_URL_CLOUDWATCH_LOGS. */
  endpoint?: string;
  /** Unset: the SDK's default credential chain. */
  credentials?: CloudWatchLogsClientConfig['credentials'];
  /** A ready client (then region/endpoint/credentials are ignored). */
  client?: CloudWatchLogsClient;
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** Retries after a throttling error, per call (default 4). */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per-request timeout (default 20000) so a hung connection cannot stall a search. */
  requestTimeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock?: () => number;
  random?: () => number;
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'LimitExceededException', 'TooManyRequestsException', 'RequestLimitExceeded']);
const TRANSIENT = new Set(['ServiceUnavailableException', 'ServiceUnavailable', 'InternalFailure']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'TimeoutError']);
const RUNNING = new Set(['Scheduled', 'Running', 'Unknown']);

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function errorName(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  return String(e.code && typeof e.code === 'string' && e.code.startsWith('E') ? e.code : e.name ?? e.Code ?? '');
}

/** Maps an SDK / network error of `operation` (StartQuery…) to a LogsError. */
function mapAwsError(err: unknown, operation: string, groups: string[]): LogsError {
  if (isLogsError(err)) return err;
  const name = errorName(err);
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    const permission = /perform:\s*(logs:[A-Za-z]+)/.exec(message)?.[1] ?? `logs:${operation}`;
    return accessDenied(permission, err);
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) return noCredentials(err);
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'InvalidClientTokenId'].includes(name)) {
    return noCredentials(err);
  }
  if (/region is missing/i.test(message)) return noRegion(err);
  if (name === 'ResourceNotFoundException') {
    const missing = /log group '?([^'\s]+)'?/i.exec(message)?.[1];
    return new LogsError(
      'LOGS_UNKNOWN_GROUP',
      `ロググループ${missing ? ` \`${escapeMrkdwn(missing)}\`` : ''} が CloudWatch Logs に存在しません。` +
        `設定（QRV_LOG_GROUPS）を確認してください。現在の設定: ${groups.map((g) => `\`${escapeMrkdwn(g)}\``).join('、')}`,
      { cause: err },
    );
  }
  if (THROTTLING.has(name)) return throttled(err);
  if (name === 'MalformedQueryException' || name === 'InvalidParameterException') return queryFailed(name, err);
  if (TRANSIENT.has(name) || NETWORK.has(name) || /ECONNREFUSED|ENOTFOUND|socket hang up/.test(message)) return unavailable(err);
  return unexpected(err);
}

function toRecord(row: ResultField[]): LogRecord {
  const f: Record<string, string> = {};
  for (const { field, value } of row) if (field && value !== undefined) f[field] = value;
  const raw = f['@message'] ?? '';
  const line = interpretLine(raw);
  const ts = f['@timestamp'];
  const timestamp = ts ? new Date(`${ts.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(ts) ? '' : 'Z'}`) : (line.time ?? new Date(0));
  const log = f['@log'] ?? '';
  return {
    timestamp: Number.isNaN(timestamp.getTime()) ? new Date(0) : timestamp,
    group: log.includes(':') ? log.slice(log.indexOf(':') + 1) : log || 'unknown',
    level: line.level ?? (f.level ? f.level.toUpperCase() : undefined),
    message: line.message,
    reservationId: line.reservationId,
    raw,
  };
}

export function createCloudWatchSource(options: CloudWatchSourceOptions): LogSource {
  const {
    groups,
    region,
    pollIntervalMs = 1000,
    timeoutMs = 60_000,
    maxRetries = 4,
    retryBaseMs = 500,
    retryMaxMs = 8000,
    requestTimeoutMs = 20_000,
    sleep = defaultSleep,
    clock = Date.now,
    random = Math.random,
  } = options;
  // The AWS SDK is imported on the first search, not at start-up (cold start).
  let loading: Promise<{ sdk: typeof import('@aws-sdk/client-cloudwatch-logs'); client: CloudWatchLogsClient }> | undefined;
  const aws = () =>
    (loading ??= import('@aws-sdk/client-cloudwatch-logs').then((sdk) => ({
      sdk,
      client:
        options.client ??
        new sdk.CloudWatchLogsClient({
          ...(region ? { region } : {}),
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
          maxAttempts: 1,
          requestHandler: { connectionTimeout: Math.min(5000, requestTimeoutMs), requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
        }),
    })));

  async function call<T>(operation: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const name = errorName(err);
        if ((THROTTLING.has(name) || TRANSIENT.has(name)) && attempt < maxRetries && !signal?.aborted) {
          const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt) * (0.5 + random() / 2);
          await sleep(Math.round(delay), signal);
          continue;
        }
        throw mapAwsError(err, operation, groups);
      }
    }
  }

  async function stop(queryId: string): Promise<void> {
    try {
      const { sdk, client } = await aws();
      await call('StopQuery', () => client.send(new sdk.StopQueryCommand({ queryId })));
    } catch {
      // best effort: the query ends by itself at CloudWatch's own limit
    }
  }

  const source: LogSource = {
    name: 'cloudwatch',
    listGroups: async () => [...groups],
    consoleUrl: (q: LogQuery) => (region ? logsInsightsConsoleUrl({ region, query: q }) : undefined),

    async search(q: LogQuery, { signal, onProgress }: LogSearchOptions = {}): Promise<LogSearchResult> {
      const started = clock();
      const opts = { abortSignal: signal };
      const {
        sdk: { StartQueryCommand, GetQueryResultsCommand },
        client,
      } = await aws();
      const { queryId } = await call(
        'StartQuery',
        () =>
          client.send(
            new StartQueryCommand({
              logGroupNames: q.groups,
              queryString: q.queryString,
              startTime: q.startTime,
              endTime: q.endTime,
              limit: q.limit,
            }),
            opts,
          ),
        signal,
      );
      if (!queryId) throw queryFailed('no queryId');
      let finished = false;
      try {
        for (;;) {
          let res: GetQueryResultsCommandOutput = await call('GetQueryResults', () => client.send(new GetQueryResultsCommand({ queryId }), opts), signal);
          const status = res.status ?? 'Unknown';
          onProgress?.({ status, recordsMatched: res.statistics?.recordsMatched });
          if (status === 'Complete') {
            finished = true;
            const rows = [...(res.results ?? [])];
            while (res.nextToken && rows.length < q.limit) {
              const nextToken = res.nextToken;
              res = await call('GetQueryResults', () => client.send(new GetQueryResultsCommand({ queryId, nextToken }), opts), signal);
              rows.push(...(res.results ?? []));
            }
            const records = rows.slice(0, q.limit).map(toRecord);
            records.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
            return { records, recordsMatched: res.statistics?.recordsMatched, queryId };
          }
          if (!RUNNING.has(status)) {
            finished = true;
            throw queryFailed(status);
          }
          if (clock() - started >= timeoutMs) {
            throw timedOut(Math.round(timeoutMs / 1000), source.consoleUrl?.(q));
          }
          await sleep(pollIntervalMs, signal);
        }
      } catch (err) {
        if (!finished) await stop(queryId);
        throw isLogsError(err) ? err : mapAwsError(err, 'GetQueryResults', groups);
      }
    },
  };
  return source;
}
