import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { LogsError, timedOut } from '../../src/logs/errors.js';
import { redact, redactDeep } from '../../src/logs/redact.js';
import type { LogQuery, LogRecord } from '../../src/logs/source.js';
import { formatRecordLine, layoutRecordLines, logsErrorMessage, logsResultMessage } from '../../src/views/logs.js';

const query: LogQuery = {
  preset: 'range',
  queryString: 'q',
  groups: ['/qrv/api-server'],
  startTime: 0,
  endTime: 1,
  limit: 1000,
  title: '2025-01-29 14:00-15:00 のログ',
};
const rec = (i: number, message: string): LogRecord => ({
  timestamp: new Date(Date.UTC(2025, 0, 29, 5, 0, i)),
  group: '/qrv/api-server',
  level: 'WARN',
  message,
  raw: message,
});

describe('logs views', () => {
  it('formats one line: JST time, group, level, cut and escaped message on one line', () => {
    const line = formatRecordLine(rec(5, `a\nb <@U123> & ${'z'.repeat(1000)}`), 'Asia/Tokyo');
    expect(line.startsWith('`01/29 14:00:05` `api-server` :large_yellow_circle: *WARN* a ⏎ b &lt;@U123&gt; &amp; zzz')).toBe(true);
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(400);
  });

  it('stays within Slack limits whatever the volume (≤ 50 blocks, ≤ 3000 chars per section)', () => {
    const records = Array.from({ length: 1000 }, (_, i) => rec(i, `${'x'.repeat(290)} ${i}`));
    for (const maxLines of [1, 30, 1000]) {
      const m = logsResultMessage({ query, result: { records }, timeZone: 'Asia/Tokyo', sourceName: 'local', maxLines, file: { status: 'attached', filename: 'f.txt' } });
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const b of m.blocks) if (b.type === 'section') expect((b as SectionBlock).text!.text.length).toBeLessThanOrEqual(3000);
      const { shown } = layoutRecordLines(records, 'Asia/Tokyo', maxLines);
      expect(JSON.stringify(m.blocks)).toContain(`1000件（新しい順）のうち新しい ${shown} 件を表示`);
    }
    const { shown } = layoutRecordLines(records, 'Asia/Tokyo', 1000);
    expect(shown).toBeLessThan(1000); // the rest is only in the file
    expect(shown).toBeGreaterThan(300);
  });

  it('empty result, limit reached, and notices', () => {
    const empty = logsResultMessage({ query, result: { records: [], notices: ['ローカルのログファイルが見つかりません'] }, timeZone: 'Asia/Tokyo', sourceName: 'local' });
    expect(JSON.stringify(empty.blocks)).toContain('該当するログは見つかりませんでした');
    expect(JSON.stringify(empty.blocks)).toContain('ローカルのログファイルが見つかりません');
    const capped = logsResultMessage({ query, result: { records: [rec(1, 'a')], recordsMatched: 5000 }, timeZone: 'Asia/Tokyo', sourceName: 'cloudwatch' });
    expect(JSON.stringify(capped.blocks)).toContain('一致 5000 件のうち上限 1000 件');
  });

  it('error message: Japanese text, code, console link on timeout', () => {
    const m = logsErrorMessage(timedOut(60, 'https://ap-northeast-1.console.aws.amazon.com/x'));
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('60 秒');
    expect(text).toContain('LOGS_TIMEOUT');
    expect(text).toContain('<https://ap-northeast-1.console.aws.amazon.com/x|CloudWatch コンソールで同じ検索を開く>');
    expect(logsErrorMessage(new LogsError('LOGS_FAILED', 'x')).text).toBe('ログ検索エラー: x');
  });
});

describe('redact', () => {
  const cases: Array<[string, string]> = [
    ['bot xoxb-1234567890-0987654321-AbCdEfGh', 'bot [REDACTED_SLACK_TOKEN]'],
    ['user xoxp-1-2-3-abcdef and xoxe.xoxp-1-abcdefgh', 'user [REDACTED_SLACK_TOKEN] and [REDACTED_SLACK_TOKEN]'],
    ['app xapp-1-A0123-456-abcdef', 'app [REDACTED_SLACK_TOKEN]'],
    ['https://hooks.slack.com/services/T000/B000/XXXXXXXX done', '[REDACTED_SLACK_WEBHOOK] done'],
    ['key=sk_live_51Habc123XYZ rk_test_abcdefgh pk_test_12345678', 'key=[REDACTED_STRIPE_KEY] [REDACTED_STRIPE_KEY] [REDACTED_STRIPE_KEY]'],
    ['whsec_abcdefghijkl', '[REDACTED_STRIPE_KEY]'],
    ['twilio SK0123456789abcdef0123456789abcdef', 'twilio [REDACTED_TWILIO_KEY]'],
    ['{"authToken":"0123456789abcdef0123456789abcdef"}', '{"authToken":"[REDACTED]"}'],
    ['aws AKIAIOSFODNN7EXAMPLE', 'aws [REDACTED_AWS_KEY]'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'Authorization: Bearer [REDACTED]'],
    ['postgres://qrv:hunter2@db:5432/qrv', 'postgres://qrv:[REDACTED]@db:5432/qrv'],
    ['client 090-1234-5678 called', 'client [phone:***5678] called'],
    ['09012345678', '[phone:***5678]'],
    ['shop 03-1234-5678', 'shop [phone:***5678]'],
    ['to +81 90-1234-5678.', 'to [phone:***5678].'],
    ['to +819012345678', 'to [phone:***5678]'],
    ['us +1 415 555 2671', 'us [phone:***2671]'],
    // Every common Japanese way of writing a phone number.
    ['tel:080-1234-5678', 'tel:[phone:***5678]'],
    ['TEL:0312345678', 'TEL:[phone:***5678]'],
    ['(080)1234-5678', '[phone:***5678]'],
    ['(03) 1234-5678', '[phone:***5678]'],
    ['03(1234)5678', '[phone:***5678]'],
    ['090 1234 5678', '[phone:***5678]'],
    ['090.1234.5678', '[phone:***5678]'],
    ['０９０－１２３４－５６７８', '[phone:***5678]'],
    ['０９０ー１２３４ー５６７８', '[phone:***5678]'],
    ['電話０３（１２３４）５６７８です', '電話[phone:***5678]です'],
    ['＋８１ ９０ １２３４ ５６７８', '[phone:***5678]'],
    ['+81 (0)90-1234-5678', '[phone:***5678]'],
    ['+81-90-1234-5678', '[phone:***5678]'],
    ['{"msg":"line one\\n080-1234-5678"}', '{"msg":"line one\\n[phone:***5678]"}'],
    ['phone=\\t09012345678', 'phone=\\t[phone:***5678]'],
    // E-mails and street addresses.
    ['mail sato.taro+qrv@example.co.jp!', 'mail [email:***@example.co.jp]!'],
    ['住所: 東京都渋谷区道玄坂1-2-3 の前', '住所: [address:東京都***] の前'],
    ['大阪府大阪市北区梅田1丁目2番3号', '[address:大阪府***]'],
    ['神奈川県横浜市西区みなとみらい２－３－１', '[address:神奈川県***]'],
    ['渋谷区道玄坂2-10-7 新大宗ビル', '[address:***] 新大宗ビル'],
  ];
  it.each(cases)('%s', (input, output) => expect(redact(input)).toBe(output));

  it('leaves times, dates, IDs and amounts alone', () => {
    const keep = '2025-01-29T14:00:00.000Z QRV-0A1B2C SHOP-001 amount 12000 at 10:00-12:00 id 1234567890123 0.5s';
    expect(redact(keep)).toBe(keep);
  });

  it('pii: false keeps phones, e-mails and addresses but still hides secrets', () => {
    expect(redact('090-1234-5678 a@b.jp xoxb-1-2-abcdef', { pii: false })).toBe('090-1234-5678 a@b.jp [REDACTED_SLACK_TOKEN]');
  });

  it('redactDeep walks objects, hides secret-named keys, survives cycles', () => {
    const o: Record<string, unknown> = { msg: 'sent to 080-1111-2222', token: 'abc', nested: [{ stripeSecret: 'x', note: 'sk_test_abcdefgh' }] };
    o.self = o;
    expect(redactDeep(o)).toEqual({
      msg: 'sent to [phone:***2222]',
      token: '[REDACTED]',
      nested: [{ stripeSecret: '[REDACTED]', note: '[REDACTED_STRIPE_KEY]' }],
      self: '[Circular]',
    });
  });
});
