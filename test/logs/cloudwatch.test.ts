import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCloudWatchSource, type CloudWatchSourceOptions } from '../../src/logs/cloudwatch.js';
import { DEFAULT_LOG_GROUPS } from '../../src/logs/config.js';
import type { LogsError } from '../../src/logs/errors.js';
import { parseLogsCommand } from '../../src/logs/parse.js';
import { buildLogQuery, errorsQuery, rangeQuery, reservationQuery } from '../../src/logs/query.js';
import type { LogQuery } from '../../src/logs/source.js';
import { FAKE_CREDENTIALS, FakeCloudWatchLogs, fakeTime } from '../support/fake-cloudwatch.js';

const NOW = new Date('2025-01-29T06:30:00Z'); // 15:30 JST
const TZ = 'Asia/Tokyo';

function query(text: string): LogQuery {
  const parsed = parseLogsCommand(text, { now: NOW, timeZone: TZ, groups: DEFAULT_LOG_GROUPS });
  if (!parsed.ok) throw new Error(parsed.error.message);
  if (parsed.command.kind === 'help') throw new Error('help');
  return buildLogQuery(parsed.command, NOW);
}

let fake: FakeCloudWatchLogs;
beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  fake = await FakeCloudWatchLogs.start();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});
afterEach(() => {
  fake.calls.length = 0;
  fake.runningPolls = 0;
  fake.finalStatus = 'Complete';
  fake.rows = [];
  fake.pageSize = Infinity;
  fake.hang = false;
  for (const k of ['StartQuery', 'GetQueryResults', 'StopQuery'] as const) {
    fake.errors[k].length = 0;
    delete fake.always[k];
  }
});

function source(extra: Partial<CloudWatchSourceOptions> = {}) {
  const time = fakeTime(NOW.getTime());
  const src = createCloudWatchSource({
    groups: DEFAULT_LOG_GROUPS,
    region: 'ap-northeast-1',
    endpoint: fake.url,
    credentials: FAKE_CREDENTIALS,
    pollIntervalMs: 1000,
    timeoutMs: 10_000,
    random: () => 1,
    sleep: time.sleep,
    clock: time.clock,
    ...extra,
  });
  return { src, time };
}

async function failure(p: Promise<unknown>): Promise<LogsError> {
  try {
    await p;
  } catch (err) {
    return err as LogsError;
  }
  throw new Error('expected a failure');
}

describe('CloudWatch source (real SDK → local fake)', () => {
  it('sends each preset as a signed StartQuery with the query string and time window', async () => {
    const { src } = source();
    const cases: Array<[string, string, number, number, string[]]> = [
      ['QRV-ABC123', reservationQuery('QRV-ABC123'), NOW.getTime() / 1000 - 30 * 86400, NOW.getTime() / 1000, DEFAULT_LOG_GROUPS],
      ['errors 30m', errorsQuery(), NOW.getTime() / 1000 - 1800, NOW.getTime() / 1000, DEFAULT_LOG_GROUPS],
      ['errors', errorsQuery(), NOW.getTime() / 1000 - 3600, NOW.getTime() / 1000, DEFAULT_LOG_GROUPS],
      // 14:00-15:00 JST on 2025-01-29 is 05:00-06:00 UTC.
      ['2025-01-29 14:00-15:00 --group api-server', rangeQuery(), Date.UTC(2025, 0, 29, 5) / 1000, Date.UTC(2025, 0, 29, 6) / 1000, ['/qrv/api-server']],
      ['14:00-15:00', rangeQuery(), Date.UTC(2025, 0, 29, 5) / 1000, Date.UTC(2025, 0, 29, 6) / 1000, DEFAULT_LOG_GROUPS],
    ];
    for (const [text, queryString, startTime, endTime, groups] of cases) {
      fake.calls.length = 0;
      await src.search(query(text));
      const [start] = fake.callsOf('StartQuery');
      expect(start?.body).toEqual({ logGroupNames: groups, queryString, startTime, endTime, limit: expect.any(Number) });
      expect(start?.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(String(start?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/ap-northeast-1\/logs\/aws4_request/);
    }
    expect(reservationQuery('QRV-ABC123')).toBe(
      'fields @timestamp, @message, @log\n| filter @message like "QRV-ABC123"\n| sort @timestamp desc\n| limit 100',
    );
    expect(errorsQuery()).toBe('fields @timestamp, @message, @log\n| filter level = "ERROR"\n| sort @timestamp desc\n| limit 50');
  });

  it('polls Scheduled/Running until Complete and maps the rows', async () => {
    fake.runningPolls = 3;
    fake.rows = [
      { timestamp: new Date('2025-01-29T05:10:00Z'), message: '{"level":"ERROR","message":"Bland call failed","reservation_id":"QRV-ABC123"}', group: '/qrv/celery-worker' },
      { timestamp: new Date('2025-01-29T05:20:00Z'), message: 'INFO plain text QRV-ABC123', group: '/qrv/api-server' },
    ];
    const { src, time } = source();
    const progress: string[] = [];
    const result = await src.search(query('QRV-ABC123'), { onProgress: (p) => progress.push(p.status) });
    expect(fake.callsOf('GetQueryResults')).toHaveLength(4);
    expect(progress).toEqual(['Scheduled', 'Running', 'Running', 'Complete']);
    expect(time.sleeps).toEqual([1000, 1000, 1000]);
    expect(fake.callsOf('StopQuery')).toHaveLength(0);
    expect(result.recordsMatched).toBe(2);
    expect(result.records.map((r) => [r.timestamp.toISOString(), r.group, r.level, r.message, r.reservationId])).toEqual([
      ['2025-01-29T05:20:00.000Z', '/qrv/api-server', 'INFO', 'INFO plain text QRV-ABC123', 'QRV-ABC123'],
      ['2025-01-29T05:10:00.000Z', '/qrv/celery-worker', 'ERROR', 'Bland call failed', 'QRV-ABC123'],
    ]);
  });

  it('follows nextToken pages', async () => {
    fake.pageSize = 2;
    fake.rows = Array.from({ length: 5 }, (_, i) => ({ timestamp: new Date(NOW.getTime() - i * 1000), message: `line ${i}`, group: '/qrv/api-server' }));
    const { src } = source();
    const result = await src.search(query('errors'));
    expect(result.records.map((r) => r.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(fake.callsOf('GetQueryResults').map((c) => c.body.nextToken)).toEqual([undefined, '2', '4']);
  });

  it('times out: StopQuery for the running query and LOGS_TIMEOUT with the console link', async () => {
    fake.runningPolls = Infinity;
    const { src } = source({ timeoutMs: 5000 });
    const err = await failure(src.search(query('errors 7d')));
    expect(err.code).toBe('LOGS_TIMEOUT');
    expect(err.message).toContain('5 秒');
    expect(err.message).toContain('StopQuery');
    expect(err.details.consoleUrl).toMatch(/^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/cloudwatch\/home/);
    const stops = fake.callsOf('StopQuery');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.body).toEqual({ queryId: fake.callsOf('GetQueryResults')[0]?.body.queryId });
    expect(fake.callsOf('GetQueryResults').length).toBe(6);
  });

  it('retries ThrottlingException and LimitExceededException with growing backoff, then succeeds', async () => {
    fake.errors.StartQuery.push({ type: 'ThrottlingException', message: 'Rate exceeded' }, { type: 'LimitExceededException', message: 'max concurrent queries' });
    fake.errors.GetQueryResults.push({ type: 'ThrottlingException' });
    fake.rows = [{ timestamp: NOW, message: 'ok', group: '/qrv/api-server' }];
    const { src, time } = source({ retryBaseMs: 100 });
    const result = await src.search(query('errors'));
    expect(result.records).toHaveLength(1);
    expect(fake.callsOf('StartQuery')).toHaveLength(3);
    expect(fake.callsOf('GetQueryResults')).toHaveLength(2);
    expect(time.sleeps).toEqual([100, 200, 100]);
  });

  it('throttled beyond the retries → LOGS_THROTTLED in Japanese', async () => {
    fake.always.StartQuery = { type: 'ThrottlingException', message: 'Rate exceeded' };
    const { src, time } = source({ maxRetries: 3, retryBaseMs: 100 });
    const err = await failure(src.search(query('errors')));
    expect(err.code).toBe('LOGS_THROTTLED');
    expect(err.message).toContain('混み合っています');
    expect(fake.callsOf('StartQuery')).toHaveLength(4);
    expect(time.sleeps).toEqual([100, 200, 400]);
  });

  it('AccessDeniedException → names the missing permission, no stack trace', async () => {
    fake.errors.StartQuery.push({
      type: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::123456789012:user/qrv-bot is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:ap-northeast-1:123456789012:log-group:/qrv/api-server:*',
    });
    const { src } = source();
    const err = await failure(src.search(query('errors')));
    expect(err.code).toBe('LOGS_ACCESS_DENIED');
    expect(err.message).toContain('`logs:StartQuery`');
    expect(err.message).not.toMatch(/\bat \w+ \(|node_modules/);

    fake.errors.GetQueryResults.push({ type: 'AccessDeniedException', message: 'Access denied' });
    const err2 = await failure(source().src.search(query('errors')));
    expect(err2.code).toBe('LOGS_ACCESS_DENIED');
    expect(err2.message).toContain('`logs:GetQueryResults`');
    expect(fake.callsOf('StopQuery')).toHaveLength(1); // the started query is stopped
  });

  it('no credentials → LOGS_NO_CREDENTIALS before any request', async () => {
    const noCreds = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const err = await failure(source({ credentials: noCreds }).src.search(query('errors')));
    expect(err.code).toBe('LOGS_NO_CREDENTIALS');
    expect(err.message).toContain('AWS_ACCESS_KEY_ID');
    expect(err.message).toContain('logs:StartQuery');
    expect(fake.calls).toHaveLength(0);
  });

  it('maps other failures: unknown group, failed query, unreachable endpoint', async () => {
    fake.errors.StartQuery.push({ type: 'ResourceNotFoundException', message: "Log group '/qrv/nope' does not exist for account ID '123456789012'" });
    const err = await failure(source().src.search(query('errors')));
    expect(err.code).toBe('LOGS_UNKNOWN_GROUP');
    expect(err.message).toContain('/qrv/nope');
    expect(err.message).toContain('/qrv/api-server');

    fake.finalStatus = 'Failed';
    expect((await failure(source().src.search(query('errors')))).code).toBe('LOGS_QUERY_FAILED');

    const closed = await FakeCloudWatchLogs.start();
    await closed.close();
    const err3 = await failure(source({ endpoint: closed.url }).src.search(query('errors')));
    expect(err3.code).toBe('LOGS_UNAVAILABLE');
  });

  it('a hung endpoint times out per request → LOGS_UNAVAILABLE', async () => {
    fake.hang = true;
    const started = Date.now();
    const err = await failure(source({ requestTimeoutMs: 200 }).src.search(query('errors')));
    expect(err.code).toBe('LOGS_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('honours AWS_ENDPOINT_URL_CLOUDWATCH_LOGS when no endpoint is configured', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', fake.url);
    try {
      const { src } = source({ endpoint: undefined });
      fake.rows = [{ timestamp: NOW, message: 'via env', group: '/qrv/mcp-server' }];
      const result = await src.search(query('errors'));
      expect(result.records[0]?.message).toBe('via env');
      expect(fake.callsOf('StartQuery')).toHaveLength(1);
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', undefined);
    }
  });
});
