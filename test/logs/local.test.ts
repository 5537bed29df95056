import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOG_GROUPS, OWN_LOG_GROUP } from '../../src/logs/config.js';
import { createLocalSource, groupForFile } from '../../src/logs/local.js';
import { parseLogsCommand } from '../../src/logs/parse.js';
import { buildLogQuery } from '../../src/logs/query.js';
import type { LogQuery } from '../../src/logs/source.js';

const NOW = new Date('2025-01-29T06:30:00Z'); // 15:30 JST
const GROUPS = [...DEFAULT_LOG_GROUPS, OWN_LOG_GROUP];
let dir: string;
let botDir: string;
let ownLogFile: string;

const ndjson = (rows: unknown[]) => `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const at = (iso: string) => new Date(iso).getTime();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qrv-logs-'));
  botDir = await mkdtemp(join(tmpdir(), 'qrv-bot-'));
  ownLogFile = join(botDir, 'bot.log');
  await writeFile(
    join(dir, 'api-server.log'),
    ndjson([
      { level: 'INFO', timestamp: '2025-01-29T05:05:00Z', message: 'reservation QRV-ABC123 received' },
      'not json at all QRV-ABC123',
      { level: 'ERROR', timestamp: '2025-01-29T05:20:00Z', message: 'Stripe error for QRV-ABC123' },
      { level: 'ERROR', timestamp: '2025-01-20T05:30:00Z', message: 'old error' },
      { level: 'WARN', timestamp: '2025-01-29T06:10:00Z', message: 'slow' },
    ]),
  );
  await writeFile(
    join(dir, 'celery-worker.ndjson'),
    ndjson([
      { level: 'error', timestamp: '2025-01-29T06:20:00.000Z', message: 'Bland.ai call failed', reservation_id: 'QRV-ZZZ999' },
      { level: 'INFO', timestamp: '2025-01-29T05:45:00Z', message: 'calling shop for QRV-ABC123' },
    ]),
  );
  await writeFile(join(dir, 'notes.txt'), 'QRV-ABC123 should not be read\n');
  await writeFile(
    ownLogFile,
    ndjson([
      { level: 30, time: at('2025-01-29T05:50:00Z'), pid: 1, msg: 'alert posted', reservationId: 'QRV-ABC123' },
      { level: 50, time: at('2025-01-29T06:25:00Z'), msg: 'chat.postMessage failed', err: { message: 'ratelimited' } },
      { level: 60, time: at('2025-01-29T06:26:00Z'), msg: 'fatal' },
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(botDir, { recursive: true, force: true });
});

function query(text: string, groups = GROUPS): LogQuery {
  const r = parseLogsCommand(text, { now: NOW, timeZone: 'Asia/Tokyo', groups });
  if (!r.ok || r.command.kind === 'help') throw new Error(text);
  return buildLogQuery(r.command, NOW);
}

describe('local NDJSON source', () => {
  const source = () => createLocalSource({ dir, ownLogFile, groups: GROUPS });

  it('maps files to groups and lists them', async () => {
    expect(groupForFile('/x/api-server.log')).toBe('/qrv/api-server');
    expect(groupForFile('/x/qrv-ops-bot.log')).toBe(OWN_LOG_GROUP);
    expect(groupForFile(ownLogFile, ownLogFile)).toBe(OWN_LOG_GROUP);
    expect(await source().listGroups()).toEqual([...GROUPS]);
    const extra = createLocalSource({ dir, groups: [] });
    expect(await extra.listGroups()).toEqual(['/qrv/api-server', '/qrv/celery-worker', OWN_LOG_GROUP]);
  });

  it('reservation preset: every JSON line mentioning the ID, newest first, across files', async () => {
    const r = await source().search(query('QRV-ABC123'));
    expect(r.records.map((x) => [x.timestamp.toISOString(), x.group, x.level, x.message])).toEqual([
      ['2025-01-29T05:50:00.000Z', OWN_LOG_GROUP, 'INFO', 'alert posted'],
      ['2025-01-29T05:45:00.000Z', '/qrv/celery-worker', 'INFO', 'calling shop for QRV-ABC123'],
      ['2025-01-29T05:20:00.000Z', '/qrv/api-server', 'ERROR', 'Stripe error for QRV-ABC123'],
      ['2025-01-29T05:05:00.000Z', '/qrv/api-server', 'INFO', 'reservation QRV-ABC123 received'],
    ]);
    expect(r.records[0]?.reservationId).toBe('QRV-ABC123');
  });

  it('errors preset: level ERROR (string or pino 50) within the window', async () => {
    const r = await source().search(query('errors 1h'));
    expect(r.records.map((x) => x.message)).toEqual(['chat.postMessage failed', 'Bland.ai call failed']);
    const week = await source().search(query('errors 7d'));
    expect(week.records.map((x) => x.message)).toEqual(['chat.postMessage failed', 'Bland.ai call failed', 'Stripe error for QRV-ABC123']);
    const month = await source().search(query('errors 30d'));
    expect(month.records.at(-1)?.message).toBe('old error');
  });

  it('range preset in JST, and --group narrowing', async () => {
    const r = await source().search(query('2025-01-29 14:00-14:40'));
    expect(r.records.map((x) => x.timestamp.toISOString())).toEqual(['2025-01-29T05:20:00.000Z', '2025-01-29T05:05:00.000Z']);
    const api = await source().search(query('14:00-16:00 --group celery-worker'));
    expect(api.records.map((x) => x.group)).toEqual(['/qrv/celery-worker', '/qrv/celery-worker']);
    const bot = await source().search(query('14:00-16:00 --group qrv-ops-bot'));
    expect(bot.records.map((x) => x.level)).toEqual(['FATAL', 'ERROR', 'INFO']);
  });

  it('respects the limit and reports how many matched', async () => {
    const many = await mkdtemp(join(tmpdir(), 'qrv-many-'));
    try {
      const rows = Array.from({ length: 3000 }, (_, i) => ({ level: 50, time: NOW.getTime() - i * 1000, msg: `e${i}` }));
      await writeFile(join(many, 'api-server.log'), ndjson(rows));
      const r = await createLocalSource({ dir: many, groups: GROUPS }).search(query('errors 2h'));
      expect(r.records).toHaveLength(50);
      expect(r.recordsMatched).toBe(3000);
      expect(r.records[0]?.message).toBe('e0');
      expect(r.records[49]?.message).toBe('e49');
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });

  it('a missing folder is an empty result with a notice', async () => {
    const r = await createLocalSource({ dir: join(dir, 'nope'), groups: GROUPS }).search(query('errors'));
    expect(r.records).toEqual([]);
    expect(r.notices?.[0]).toContain('ローカルのログファイルが見つかりません');
  });
});
