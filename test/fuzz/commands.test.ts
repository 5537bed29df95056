import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alerts, history, incidents, inquiries, reservations } from '../../src/db/schema.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { seedReservation, seedShops } from '../support/seed.js';
import { FUZZ_RUNS, hostileText } from './arbitraries.js';

const t = useBotTest();
const FUZZER = 'U0FUZZ';

/** What no answer may contain: a stack trace, or an English error. */
const LEAK = /\n\s+at .+:\d+:\d+|\b(?:Error|TypeError|Exception|undefined|null|failed|invalid|cannot|denied)\b/;

describe('/qrv fuzzing through the real Bolt app', { timeout: 900_000 }, () => {
  it(`${FUZZ_RUNS} random texts per subcommand: acked in time, valid Block Kit, Japanese answers only`, async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await t.h.start({ env: { QRV_OPERATORS: FUZZER } });
    const subcommands = ['status', 'logs', 'dashboard', 'inquiry', 'incident', 'help', ''];
    let sent = 0;
    let slowest = { ms: 0, text: '' };
    for (const name of subcommands) {
      await fc.assert(
        fc.asyncProperty(hostileText(3000), async (random) => {
          const text = `${name} ${random}`;
          const result = await t.h.fake.sendSlashCommand({ command: '/qrv', text, userId: FUZZER, channelId: ALERTS_CHANNEL });
          sent += 1;
          if (result.ackMs > slowest.ms) slowest = { ms: result.ackMs, text: text.slice(0, 80) };
        }),
        { numRuns: FUZZ_RUNS },
      );
    }
    // Every command was answered (logs answers twice: 検索中, then the result).
    const answers = await eventually(() => (t.h.fake.ephemerals(FUZZER).length >= sent ? t.h.fake.ephemerals(FUZZER) : undefined), 120_000);
    for (const answer of answers) {
      const shown = JSON.stringify([answer.text, answer.blocks ?? []]);
      // The user's own words may be echoed back (escaped); only what the bot wrote is checked.
      const own = shown.replace(/「[^」]*」/g, '「」').replace(/`[^`]*`/g, '``');
      expect(own).not.toMatch(LEAK);
    }
    t.h.fake.assertNoViolations();
    expect(await t.database.db.select().from(reservations)).toHaveLength(1);
    // The only alerts are the 一般問い合わせ each recorded inquiry raises (issue 17).
    const raised = await t.database.db.select().from(alerts);
    expect(raised.every((a) => a.kind === 'inquiry')).toBe(true);
    expect(raised).toHaveLength((await t.database.db.select().from(inquiries)).length);
    console.info(`fuzz /qrv: ${sent} commands, slowest ack ${slowest.ms} ms for ${JSON.stringify(slowest.text)}`);
    // Inquiries and incidents are recorded as typed: escaped wherever they are shown.
    const written = [...(await t.database.db.select().from(inquiries)), ...(await t.database.db.select().from(incidents))];
    expect(written.length).toBeGreaterThan(0);
    // Reading is recorded; nothing else is (a status of an unknown or malformed ID writes nothing).
    // The one exception is the dispatcher's: two inquiries naming the same reservation make the second
    // 一般問い合わせ alert a repeat of the first (a note in its thread), recorded as alert.repeated.
    const other = (await t.database.db.select().from(history)).filter((h) => h.action !== 'reservation.viewed' && !(h.action === 'alert.repeated' && h.actor === 'system'));
    expect(other.map((h) => [h.action, h.actor])).toEqual([]);
  });
});
