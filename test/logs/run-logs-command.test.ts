import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock, SectionBlock } from '@slack/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCloudWatchSource } from '../../src/logs/cloudwatch.js';
import { DEFAULT_LOG_GROUPS, logsConfigFromEnv, type LogsConfig } from '../../src/logs/config.js';
import { createLogSource, runLogsCommand, runReservationLogSearch, type LogsResponse, type LogsUpload } from '../../src/logs/run-logs-command.js';
import type { LogSource } from '../../src/logs/source.js';
import { FAKE_CREDENTIALS, FakeCloudWatchLogs, fakeTime } from '../support/fake-cloudwatch.js';

const NOW = new Date('2025-01-29T06:30:00Z');
let fake: FakeCloudWatchLogs;
let dir: string;

const config = (over: Partial<LogsConfig> = {}): LogsConfig => ({
  groups: DEFAULT_LOG_GROUPS,
  region: 'ap-northeast-1',
  localDir: dir,
  timeZone: 'Asia/Tokyo',
  timeoutMs: 10_000,
  ...over,
});

function cloudwatch(over: { timeoutMs?: number } = {}): LogSource {
  const time = fakeTime(NOW.getTime());
  return createCloudWatchSource({
    groups: DEFAULT_LOG_GROUPS,
    region: 'ap-northeast-1',
    endpoint: fake.url,
    credentials: FAKE_CREDENTIALS,
    sleep: time.sleep,
    clock: time.clock,
    timeoutMs: over.timeoutMs ?? 10_000,
  });
}

function recorder() {
  const responses: LogsResponse[] = [];
  const uploads: LogsUpload[] = [];
  return {
    responses,
    uploads,
    respond: async (m: LogsResponse) => {
      responses.push(m);
    },
    uploadFile: async (f: LogsUpload) => {
      uploads.push(f);
    },
  };
}

const allText = (blocks: KnownBlock[]) => JSON.stringify(blocks);
function checkLimits(blocks: KnownBlock[]) {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) if (b.type === 'section') expect((b as SectionBlock).text!.text.length).toBeLessThanOrEqual(3000);
}

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  fake = await FakeCloudWatchLogs.start();
  dir = await mkdtemp(join(tmpdir(), 'qrv-run-'));
  await writeFile(
    join(dir, 'api-server.log'),
    `${JSON.stringify({ level: 'ERROR', timestamp: '2025-01-29T06:00:00Z', message: 'payment link failed for QRV-ABC123 token xoxb-111-222-secret <!channel>' })}\n`,
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.calls.length = 0;
  fake.rows = [];
  fake.runningPolls = 0;
  fake.errors.StartQuery.length = 0;
});

describe('runLogsCommand', () => {
  it('reservation search on CloudWatch: searching, then an ephemeral list replacing it', async () => {
    fake.runningPolls = 2;
    fake.rows = [{ timestamp: new Date('2025-01-29T05:03:12Z'), message: '{"level":"ERROR","message":"SMS failed","reservationId":"QRV-ABC123"}', group: '/qrv/api-server' }];
    const r = recorder();
    await runLogsCommand({ text: 'QRV-ABC123', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r, now: () => NOW });
    expect(r.responses).toHaveLength(2);
    expect(r.responses[0]).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('検索中') });
    const final = r.responses[1]!;
    expect(final).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const text = allText(final.blocks);
    expect(text).toContain('`01/29 14:03:12` `api-server` :red_circle: *ERROR* SMS failed');
    expect(text).toContain('CloudWatch コンソールで同じ検索を開く');
    expect(r.uploads).toHaveLength(0);
    expect(fake.callsOf('StartQuery')[0]?.body.queryString).toContain('filter @message like "QRV-ABC123"');
  });

  it('long results → the message shows what fits, the full result goes to a file, plus the console link', async () => {
    fake.rows = Array.from({ length: 100 }, (_, i) => ({
      timestamp: new Date(NOW.getTime() - i * 60_000),
      message: JSON.stringify({ level: 'INFO', message: `step ${i} for QRV-ABC123 ${'x'.repeat(2000)}` }),
      group: i % 2 ? '/qrv/api-server' : '/qrv/celery-worker',
    }));
    const r = recorder();
    await runLogsCommand({ text: 'QRV-ABC123', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r, now: () => NOW });
    const final = r.responses.at(-1)!;
    checkLimits(final.blocks);
    expect(r.uploads).toHaveLength(1);
    const up = r.uploads[0]!;
    expect(up).toMatchObject({ channelId: 'C1', userId: 'U1', share: false, filename: expect.stringMatching(/^qrv-logs-QRV-ABC123-\d{8}T\d{6}Z\.txt$/) });
    expect(up.content.trim().split('\n')).toHaveLength(102); // two header lines + 100 records
    expect(up.content).toContain('2025-01-29 15:30:00.000\t/qrv/celery-worker\tINFO\t{"level":"INFO","message":"step 0 for QRV-ABC123');
    expect(up.initialComment).toContain('https://ap-northeast-1.console.aws.amazon.com/');
    const text = allText(final.blocks);
    expect(text).toContain('100件（新しい順）のうち新しい 30 件を表示');
    expect(text).toContain('添付しました');
    expect(text).toContain('logsV2:logs-insights');
    expect(text).not.toContain('x'.repeat(400)); // messages are cut
  });

  const PII = 'client tel:080-1234-5678 sato@example.co.jp 東京都渋谷区道玄坂1-2-3';
  const piiRows = () =>
    Array.from({ length: 40 }, (_, i) => ({ timestamp: new Date(NOW.getTime() - i * 1000), message: `e${i} ${PII}`, group: '/qrv/api-server' }));

  it('--share answers in an allowed channel, uploads there, and masks phones, e-mails and addresses in both', async () => {
    fake.rows = piiRows();
    const r = recorder();
    await runLogsCommand({ text: 'errors 24h --share', userId: 'U1', channelId: 'C1', shareChannels: ['C1'], config: config(), source: cloudwatch(), ...r, now: () => NOW });
    expect(r.responses[0]?.response_type).toBe('ephemeral');
    expect(r.responses[1]).toMatchObject({ response_type: 'in_channel' });
    expect(r.responses[1]?.replace_original).toBe(false);
    expect(r.uploads[0]?.share).toBe(true);
    const shown = `${allText(r.responses[1]!.blocks)}${r.uploads[0]!.content}`;
    expect(shown).toContain('[phone:***5678] [email:***@example.co.jp] [address:東京都***]');
    expect(shown).not.toMatch(/1234-5678|sato@|道玄坂/);
  });

  it('privately, an operator sees the same lines unmasked', async () => {
    fake.rows = piiRows();
    const r = recorder();
    await runLogsCommand({ text: 'errors 24h', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r, now: () => NOW });
    expect(allText(r.responses[1]!.blocks)).toContain(PII);
    expect(r.uploads[0]!.content).toContain(PII);
  });

  it('--share outside QRV_ALERTS_CHANNEL / QRV_LOGS_SHARE_CHANNELS is refused in Japanese before any search', async () => {
    const r = recorder();
    await runLogsCommand({ text: 'errors 24h --share', userId: 'U1', channelId: 'C9', shareChannels: ['C1', '#ops'], config: config(), source: cloudwatch(), ...r, now: () => NOW });
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(r.responses[0]!.text).toContain('`--share` はアラートチャンネル（QRV_ALERTS_CHANNEL）と QRV_LOGS_SHARE_CHANNELS のチャンネルでのみ使えます: <#C1>、#ops');
    expect(fake.callsOf('StartQuery')).toHaveLength(0);
    expect(r.uploads).toHaveLength(0);
  });

  it('upload failure is said, results are still shown', async () => {
    fake.rows = Array.from({ length: 40 }, (_, i) => ({ timestamp: new Date(NOW.getTime() - i * 1000), message: `e${i}`, group: '/qrv/api-server' }));
    const r = recorder();
    const uploadFile = async () => {
      throw new Error('missing_scope');
    };
    await runLogsCommand({ text: 'errors', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), respond: r.respond, uploadFile, now: () => NOW });
    const text = allText(r.responses.at(-1)!.blocks);
    expect(text).toContain('files:write');
    expect(text).toContain('e0');
  });

  it('errors become one Japanese message (access denied, bad input, timeout), never a stack trace', async () => {
    fake.errors.StartQuery.push({ type: 'AccessDeniedException', message: 'User x is not authorized to perform: logs:StartQuery on resource: y' });
    const r = recorder();
    const base = { userId: 'U1', channelId: 'C1', config: config(), ...r, now: () => NOW };
    await runLogsCommand({ ...base, text: 'errors', source: cloudwatch() });
    expect(r.responses.at(-1)).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(allText(r.responses.at(-1)!.blocks)).toContain('`logs:StartQuery`');
    expect(allText(r.responses.at(-1)!.blocks)).toContain('LOGS_ACCESS_DENIED');

    await runLogsCommand({ ...base, text: '2025-01-29 14:00', source: cloudwatch() });
    expect(allText(r.responses.at(-1)!.blocks)).toContain('/qrv logs 2025-01-29 14:00-15:00');

    fake.runningPolls = Infinity;
    await runLogsCommand({ ...base, text: 'errors', source: cloudwatch({ timeoutMs: 3000 }) });
    expect(allText(r.responses.at(-1)!.blocks)).toContain('LOGS_TIMEOUT');
    expect(fake.callsOf('StopQuery')).toHaveLength(1);

    const broken: LogSource = { name: 'local', listGroups: async () => DEFAULT_LOG_GROUPS, search: async () => { throw new TypeError('boom at x (y.js:1:2)'); } };
    await runLogsCommand({ ...base, text: 'errors', source: broken });
    const last = allText(r.responses.at(-1)!.blocks);
    expect(last).toContain('LOGS_FAILED');
    expect(last).not.toContain('boom');
    for (const m of r.responses) expect(JSON.stringify(m)).not.toMatch(/\.js:\d+|node_modules|TypeError/);
  });

  it('help, and a failing respond never throws to the caller', async () => {
    const r = recorder();
    await runLogsCommand({ text: 'help', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r });
    expect(r.responses[0]?.text).toBe('/qrv logs の使い方');
    expect(allText(r.responses[0]!.blocks)).toContain('/qrv/celery-worker');
    const respond = async () => {
      throw new Error('response_url expired');
    };
    await expect(runLogsCommand({ text: 'errors', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), respond })).resolves.toBeUndefined();
  });

  it('local source end to end: tokens redacted, mentions escaped', async () => {
    const r = recorder();
    await runLogsCommand({ text: 'QRV-ABC123', userId: 'U1', channelId: 'C1', config: config({ source: 'local' }), ...r, now: () => NOW });
    const text = allText(r.responses.at(-1)!.blocks);
    expect(text).toContain('payment link failed for QRV-ABC123');
    expect(text).toContain('[REDACTED_SLACK_TOKEN]');
    expect(text).not.toContain('xoxb-111');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('ローカルのログファイル');
    expect(text).not.toContain('logsV2');
  });

  it('runReservationLogSearch (alert button) runs the reservation preset', async () => {
    const r = recorder();
    await runReservationLogSearch({ reservationId: 'QRV-ABC123', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r, now: () => NOW });
    expect(fake.callsOf('StartQuery')[0]?.body).toMatchObject({ queryString: expect.stringContaining('"QRV-ABC123"'), logGroupNames: DEFAULT_LOG_GROUPS });
    expect(r.responses.at(-1)?.response_type).toBe('ephemeral');
    // A button's response_url "original" is the alert: never replace it.
    expect(r.responses.map((m) => m.replace_original)).toEqual([false, false]);
    await runReservationLogSearch({ reservationId: 'QRV-"|x', userId: 'U1', channelId: 'C1', config: config(), source: cloudwatch(), ...r });
    expect(allText(r.responses.at(-1)!.blocks)).toContain('LOGS_BAD_INPUT');
    expect(fake.callsOf('StartQuery')).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('logsConfigFromEnv defaults and createLogSource choice', () => {
    const local = logsConfigFromEnv({});
    expect(local).toEqual({
      groups: ['/qrv/mcp-server', '/qrv/api-server', '/qrv/celery-worker'],
      region: undefined,
      source: 'local',
      localDir: './.qrv/logs',
      ownLogFile: undefined,
      shareChannels: [],
      timeZone: 'Asia/Tokyo',
      timeoutMs: 60_000,
    });
    expect(logsConfigFromEnv({ QRV_LOGS_SHARE_CHANNELS: 'C0OPS, #qrv-ops' }).shareChannels).toEqual(['C0OPS', '#qrv-ops']);
    expect(createLogSource(local).name).toBe('local');
    const aws = logsConfigFromEnv({ AWS_REGION: 'ap-northeast-1', QRV_LOG_GROUPS: ' /qrv/api-server , /qrv/x ' });
    expect(aws).toMatchObject({ source: 'cloudwatch', region: 'ap-northeast-1', groups: ['/qrv/api-server', '/qrv/x'] });
    expect(createLogSource(aws).name).toBe('cloudwatch');
    expect(logsConfigFromEnv({ AWS_REGION: 'ap-northeast-1', QRV_LOGS_SOURCE: 'local' }).source).toBe('local');
    expect(() => logsConfigFromEnv({ QRV_LOGS_SOURCE: 'elastic' })).toThrow(/QRV_LOGS_SOURCE/);
    expect(() => logsConfigFromEnv({ QRV_LOGS_TIMEOUT_MS: '5' })).toThrow(/QRV_LOGS_TIMEOUT_MS/);
  });
});
