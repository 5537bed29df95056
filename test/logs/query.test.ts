import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_GROUPS } from '../../src/logs/config.js';
import { logsInsightsConsoleUrl } from '../../src/logs/console-link.js';
import { parseLogsCommand } from '../../src/logs/parse.js';
import {
  buildInsightsQuery,
  buildLogQuery,
  errorsQuery,
  LIMITS,
  quoteInsightsString,
  rangeQuery,
  reservationQuery,
  RESERVATION_WINDOW_DAYS,
} from '../../src/logs/query.js';

const NOW = new Date('2025-01-29T06:30:00Z');
const opts = { now: NOW, timeZone: 'Asia/Tokyo', groups: DEFAULT_LOG_GROUPS };

/** Stages (`|` outside string literals), and the string literals decoded. */
function structure(query: string): { stages: string[]; literals: string[] } {
  const stages: string[] = [];
  const literals: string[] = [];
  let current = '';
  let lit: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (lit !== null) {
      if (ch === '\\') {
        const n = query[++i]!;
        lit += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n;
      } else if (ch === '"') {
        literals.push(lit);
        lit = null;
        current += '"…"';
      } else lit += ch;
    } else if (ch === '"') lit = '';
    else if (ch === '|') {
      stages.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (lit !== null) throw new Error('unterminated literal');
  stages.push(current.trim());
  return { stages, literals };
}

const NASTY = [
  '"',
  '\\',
  '\\"',
  '"|',
  '" | stats count(*) by @logStream | limit 10000 | fields "',
  '/ | filter 1=1 /',
  '\n| display @message',
  '\r\n| limit 1',
  'QRV-ABC123" or @message like "',
  '.*',
  '(?i)[a-z]+$^',
  '`rm -rf`',
  '${process.env}',
  "' OR '1'='1",
  '\u0000\u0007\u001b[31m',
  '\u2028| sort',
  'ＱＲＶ－ＡＢＣ１２３"',
  '<!channel>',
  'x'.repeat(10_000),
  '|'.repeat(500),
  '"'.repeat(500),
  '🙂|"\\',
  '\t\u3000',
  '--share',
];

describe('query builders', () => {
  it('are the manual §6.2 queries', () => {
    expect(reservationQuery('QRV-ABC123')).toBe(
      'fields @timestamp, @message, @log\n| filter @message like "QRV-ABC123"\n| sort @timestamp desc\n| limit 100',
    );
    expect(errorsQuery()).toBe('fields @timestamp, @message, @log\n| filter level = "ERROR"\n| sort @timestamp desc\n| limit 50');
    expect(rangeQuery()).toBe('fields @timestamp, @message, @log\n| sort @timestamp desc\n| limit 1000');
    expect(() => reservationQuery('QRV-ABC123" | limit 1')).toThrow(RangeError);
  });

  it('time windows in epoch seconds, per preset', () => {
    const build = (text: string) => {
      const r = parseLogsCommand(text, opts);
      if (!r.ok || r.command.kind === 'help') throw new Error(text);
      return buildLogQuery(r.command, NOW);
    };
    const now = NOW.getTime() / 1000;
    expect(build('QRV-ABC123')).toMatchObject({ startTime: now - RESERVATION_WINDOW_DAYS * 86400, endTime: now, limit: LIMITS.reservation, reservationId: 'QRV-ABC123' });
    expect(build('errors 24h')).toMatchObject({ startTime: now - 86400, endTime: now, limit: 50 });
    expect(build('2025-01-29 14:00-15:00')).toMatchObject({
      startTime: Date.UTC(2025, 0, 29, 5) / 1000,
      endTime: Date.UTC(2025, 0, 29, 6) / 1000,
      limit: 1000,
      title: expect.stringContaining('2025-01-29 14:00-15:00'),
    });
    expect(build('errors --group api-server').groups).toEqual(['/qrv/api-server']);
  });

  it('quoteInsightsString round-trips and never opens a stage, for hostile values', () => {
    const base = structure(buildInsightsQuery({ filter: { field: '@message', op: 'like', value: 'x' }, limit: 100 }));
    expect(base.stages).toHaveLength(4);
    for (const value of NASTY) {
      const q = buildInsightsQuery({ filter: { field: '@message', op: 'like', value }, limit: 100 });
      const s = structure(q);
      expect(s.stages, JSON.stringify(value.slice(0, 40))).toEqual(base.stages);
      expect(s.literals).toHaveLength(1);
      const expected = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g, '');
      expect(s.literals[0]).toBe(expected);
      expect(q.split('\n')).toHaveLength(4); // newlines inside values are escaped
    }
    expect(quoteInsightsString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it('hostile /qrv logs input is rejected in Japanese or yields one of the fixed query shapes', () => {
    const shapes = new Set([reservationQuery('QRV-ABC123').replace('QRV-ABC123', 'ID'), errorsQuery(), rangeQuery()]);
    const positions = (n: string) => [
      n,
      `QRV-${n}`,
      `QRV-ABC123 ${n}`,
      `errors ${n}`,
      `errors 1h --group ${n}`,
      `--group=${n} errors`,
      `2025-01-29 ${n}`,
      `${n}-15:00`,
      `14:00-15:00 ${n}`,
      `QRV-ABC123${n}`,
    ];
    let rejected = 0;
    let accepted = 0;
    for (const nasty of NASTY) {
      for (const text of positions(nasty)) {
        const r = parseLogsCommand(text, opts);
        if (!r.ok) {
          rejected++;
          expect(r.error.code).toMatch(/^LOGS_(BAD_INPUT|UNKNOWN_GROUP)$/);
          expect(r.error.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
          expect(r.error.message).not.toContain('<!channel>');
          expect(r.error.message.length).toBeLessThan(1200);
          continue;
        }
        if (r.command.kind === 'help') continue;
        accepted++;
        const q = buildLogQuery(r.command, NOW);
        const shape = q.reservationId ? q.queryString.replace(q.reservationId, 'ID') : q.queryString;
        expect(shapes.has(shape), `${JSON.stringify(text.slice(0, 60))} → ${q.queryString}`).toBe(true);
        expect(q.reservationId ?? 'QRV-ABC123').toMatch(/^QRV-[A-Z0-9]{6}$/);
        for (const g of q.groups) expect(DEFAULT_LOG_GROUPS).toContain(g);
      }
    }
    expect(rejected).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('console link', () => {
  it('opens the same query, groups and absolute range in the region console', () => {
    const url = logsInsightsConsoleUrl({
      region: 'ap-northeast-1',
      query: { queryString: errorsQuery(), groups: ['/qrv/api-server', '/qrv/mcp-server'], startTime: 1738126800, endTime: 1738130400 },
    });
    expect(url).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#logsV2:logs-insights$3FqueryDetail$3D' +
        "~(end~'2025-01-29T06*3a00*3a00.000Z~start~'2025-01-29T05*3a00*3a00.000Z~timeType~'ABSOLUTE~tz~'Local" +
        "~editorString~'fields*20*40timestamp*2c*20*40message*2c*20*40log*0a*7c*20filter*20level*20*3d*20*22ERROR*22*0a*7c*20sort*20*40timestamp*20desc*0a*7c*20limit*2050" +
        "~source~(~'*2fqrv*2fapi-server~'*2fqrv*2fmcp-server))",
    );
    // Safe inside a Slack <url|label> link.
    expect(url).not.toMatch(/[|<> \n]/);
    expect(url.length).toBeLessThan(3000);
    expect(() => logsInsightsConsoleUrl({ region: 'evil.com/x', query: { queryString: '', groups: [], startTime: 0, endTime: 0 } })).toThrow();
  });
});
