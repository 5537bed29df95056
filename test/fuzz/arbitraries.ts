import fc from 'fast-check';

/**
 * Runs per surface. The suite's default keeps the whole test run short on a loaded 2-core
 * machine; the full run is `FUZZ_RUNS=1000 npx vitest run test/fuzz` (figures in the closing note).
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 250);

/** What a hostile or careless operator types: mentions, SQL and Logs Insights fragments, odd characters. */
const FRAGMENTS = [
  '<!channel>',
  '<!here>',
  '<@U0BOSS>',
  '<https://evil.example|Stripeダッシュボード>',
  "'; drop table reservations;--",
  "' or '1'='1",
  '| filter @message like /./ | limit 10000',
  'fields @timestamp, @message | stats count(*)',
  '"; StopQuery',
  '\u0000',
  '\u202e',
  '\r\n',
  '\t',
  '👨‍👩‍👧‍👦',
  '🇯🇵',
  '０９０－１２３４－５６７８',
  '１２：００',
  '２０２５－０１－２９',
  'QRV-A1B2C3',
  'qrv-zzz999',
  '--share',
  '--group',
  'api-server',
  '23:00-01:00',
  '25:99',
  '2025-13-45',
  '1999-01-01',
  '-1',
  '0',
  '-99999999999',
  '1e309',
  'NaN',
  '9'.repeat(40),
  'x'.repeat(3000),
  '',
  ' ',
];

export const hostileText = (maxLength = 3000): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })), {
      maxLength: 6,
    })
    .map((parts) => parts.join(fc.sample(fc.constantFrom(' ', '', '　'), 1)[0]).slice(0, maxLength));

/** A date as a datepicker or a person might send it: valid, past, far future or nonsense. */
export const dateText = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2025-02-30', '0000-00-00', '9999-99-99', 'yesterday', ''),
);
export const timeText = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc.constantFrom('24:00', '25:99', '-1:00', '12', ''),
);
export const numberText = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
  fc.constantFrom('1e309', '-0', '０', '１２０００', '12,000', '¥12000', 'NaN', '9'.repeat(30), '3.5', ''),
);
