import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_GROUPS } from '../../src/logs/config.js';
import { parseLogsCommand, type LogsCommand } from '../../src/logs/parse.js';

const NOW = new Date('2025-01-29T06:30:00Z'); // 2025-01-29 15:30 JST
const opts = { now: NOW, timeZone: 'Asia/Tokyo', groups: DEFAULT_LOG_GROUPS };

function ok(text: string, o = opts): LogsCommand {
  const r = parseLogsCommand(text, o);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.command;
}
function bad(text: string, o = opts) {
  const r = parseLogsCommand(text, o);
  if (r.ok) throw new Error(`${text}: expected an error, got ${JSON.stringify(r.command)}`);
  return r.error;
}

describe('parseLogsCommand', () => {
  it('help: empty, help, ヘルプ', () => {
    for (const t of ['', '   ', 'help', 'HELP', 'ヘルプ', 'logs help']) expect(ok(t).kind).toBe('help');
  });

  it('reservation ID (case-insensitive, full-width accepted), all groups by default', () => {
    expect(ok('QRV-ABC123')).toEqual({ kind: 'reservation', reservationId: 'QRV-ABC123', groups: DEFAULT_LOG_GROUPS, share: false });
    expect(ok('qrv-abc123')).toMatchObject({ reservationId: 'QRV-ABC123' });
    expect(ok('ＱＲＶ－ＡＢＣ１２３')).toMatchObject({ reservationId: 'QRV-ABC123' });
    expect(ok('logs QRV-ABC123 --share')).toMatchObject({ reservationId: 'QRV-ABC123', share: true });
  });

  it('errors with the presets 30m / 1h (default) / 24h / 7d and Japanese units', () => {
    expect(ok('errors')).toMatchObject({ kind: 'errors', sinceMs: 3600_000, sinceLabel: '1時間' });
    expect(ok('errors 30m')).toMatchObject({ sinceMs: 30 * 60_000, sinceLabel: '30分' });
    expect(ok('errors 24h')).toMatchObject({ sinceMs: 24 * 3600_000 });
    expect(ok('errors 7d')).toMatchObject({ sinceMs: 7 * 86_400_000, sinceLabel: '7日' });
    expect(ok('エラー 30分')).toMatchObject({ sinceMs: 30 * 60_000 });
    expect(ok('ERRORS 1H')).toMatchObject({ sinceMs: 3600_000 });
  });

  it('a date and time range in Asia/Tokyo → UTC', () => {
    const c = ok('2025-01-29 14:00-15:00');
    expect(c).toMatchObject({ kind: 'range', label: '2025-01-29 14:00-15:00' });
    if (c.kind !== 'range') throw new Error();
    expect(c.start.toISOString()).toBe('2025-01-29T05:00:00.000Z');
    expect(c.end.toISOString()).toBe('2025-01-29T06:00:00.000Z');
    // Early-morning JST is the previous UTC day.
    const early = ok('2025/03/01 00:30-02:00');
    if (early.kind !== 'range') throw new Error();
    expect(early.start.toISOString()).toBe('2025-02-28T15:30:00.000Z');
  });

  it('a time range alone means today in the configured zone (JST date, not UTC date)', () => {
    // 2025-01-29 23:30 UTC is already 2025-01-30 in Tokyo.
    const late = ok('14:00-15:00', { ...opts, now: new Date('2025-01-29T23:30:00Z') });
    if (late.kind !== 'range') throw new Error();
    expect(late.start.toISOString()).toBe('2025-01-30T05:00:00.000Z');
    expect(late.label).toBe('2025-01-30 14:00-15:00');
    const today = ok('9:05 - 9:35');
    if (today.kind !== 'range') throw new Error();
    expect(today.start.toISOString()).toBe('2025-01-29T00:05:00.000Z');
    expect(today.end.toISOString()).toBe('2025-01-29T00:35:00.000Z');
  });

  it('accepts 〜 / ～ / full-width digits; crossing midnight ends the next day', () => {
    const c = ok('１４：００〜１５：００');
    if (c.kind !== 'range') throw new Error();
    expect(c.start.toISOString()).toBe('2025-01-29T05:00:00.000Z');
    const n = ok('2025-01-29 23:00～01:00');
    if (n.kind !== 'range') throw new Error();
    expect(n.end.toISOString()).toBe('2025-01-29T16:00:00.000Z');
    expect(n.label).toContain('翌日');
    const d = ok('2025-01-29 22:00-24:00');
    if (d.kind !== 'range') throw new Error();
    expect(d.end.toISOString()).toBe('2025-01-29T15:00:00.000Z');
  });

  it('other time zones use their own offset (and DST)', () => {
    const c = ok('2025-07-01 14:00-15:00', { ...opts, timeZone: 'America/New_York' });
    if (c.kind !== 'range') throw new Error();
    expect(c.start.toISOString()).toBe('2025-07-01T18:00:00.000Z');
  });

  it('--group narrows (short name, full name, comma list, =); --share', () => {
    expect(ok('errors --group api-server').groups).toEqual(['/qrv/api-server']);
    expect(ok('errors --group /qrv/celery-worker').groups).toEqual(['/qrv/celery-worker']);
    expect(ok('errors --group=mcp-server,api-server --share')).toMatchObject({ groups: ['/qrv/mcp-server', '/qrv/api-server'], share: true });
    expect(ok('--group api-server --group api-server QRV-ABC123').groups).toEqual(['/qrv/api-server']);
  });

  it('unknown group → LOGS_UNKNOWN_GROUP listing the valid ones', () => {
    const e = bad('errors --group billing');
    expect(e.code).toBe('LOGS_UNKNOWN_GROUP');
    for (const g of DEFAULT_LOG_GROUPS) expect(e.message).toContain(g);
    expect(bad('errors --group').code).toBe('LOGS_BAD_INPUT');
  });

  it('bad input → LOGS_BAD_INPUT in Japanese with an example of the right form', () => {
    const cases: Array<[string, RegExp]> = [
      ['QRV-ABC', /予約ID.*形式.*\n例: `\/qrv logs QRV-A1B2C3`/s],
      ['QRV-abc1234', /形式/],
      ['QRV-ABC123 extra', /余分/],
      ['errors 2y', /期間.*\n例:/s],
      ['errors 0m', /期間/],
      ['errors 31d', /最大30日/],
      ['errors 1h 2h', /1つだけ/],
      ['2025-02-30 14:00-15:00', /存在しません.*\n例:/s],
      ['2025-13-01 14:00-15:00', /存在しません/],
      ['2025-01-29', /HH:MM-HH:MM.*\n例: `\/qrv logs 2025-01-29 14:00-15:00`/s],
      ['14:00', /HH:MM-HH:MM/],
      ['25:00-26:00', /時刻が正しくありません/],
      ['14:60-15:00', /時刻が正しくありません/],
      ['2025-1x-29 14:00-15:00', /日付/],
      ['tomorrow', /分かりませんでした.*\n例:/s],
      ['errors --verbose', /不明なオプション/],
    ];
    for (const [text, re] of cases) {
      const e = bad(text);
      expect(e.code, text).toBe('LOGS_BAD_INPUT');
      expect(e.message, text).toMatch(re);
      expect(e.message, text).not.toMatch(/Error:|\bat \S+ \(/);
    }
  });

  it('echoed user text is escaped (no mentions or links) and cut', () => {
    const e = bad('<!channel> hi');
    expect(e.message).not.toContain('<!channel>');
    expect(e.message).toContain('&lt;!channel&gt;');
    const long = bad(`x${'y'.repeat(300)}`);
    expect(long.message.length).toBeLessThan(400);
    expect(bad('a'.repeat(600)).message).toContain('長すぎます');
  });
});
