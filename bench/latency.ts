/**
 * Measures (a) the time from the core's INSERT into `alerts` to the bot's chat.postMessage, and
 * (b) the ack time of `/qrv status` over a burst — through the real Bolt app and the fake Slack.
 * Prints figures; asserts nothing (these machines are shared and noisy).
 * Runs on the embedded PGlite and on a fresh database of the PostgreSQL server named by
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards;
 * BENCH_DATABASE_URL=none skips PostgreSQL.
 */
import { createScratchDatabase } from '../test/support/scratch-postgres.js';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { alerts, reservations } from '../src/db/schema.js';
import { startFakeSlack } from '../src/fake-slack/index.js';
import { createLogger } from '../src/logger.js';
import { startBot } from '../src/runtime.js';

const ALERTS = 50;
const BURST = 50;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, worst ${s.at(-1)!.toFixed(1)} ms (n=${s.length})`;
};

async function measure(label: string, database: Database) {
  await database.migrate();
  const fake = await startFakeSlack();
  const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_APP_TOKEN: 'xapp-bench',
    SLACK_API_URL: fake.apiUrl,
    QRV_ALERTS_CHANNEL: 'C0BENCH',
    QRV_POLL_INTERVAL_MS: '5000',
    QRV_SCHEDULER: 'off',
    QRV_HTTP_PORT: '0',
  });
  const bot = await startBot({ config, logger: silent, database });
  try {
    await database.db
      .insert(reservations)
      .values({
        id: 'QRV-BENCH1', service: 'Aroma Massage', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000),
        address: '東京都渋谷区道玄坂1-2-3', clientPhone: '080-1234-5678', status: 'calling_failed',
      })
      .onConflictDoNothing();

    const insertToPost: number[] = [];
    for (let i = 0; i < ALERTS; i++) {
      const before = fake.callsTo('chat.postMessage').length;
      const t0 = performance.now();
      // A problem of its own (the same reservation and kind again would be a repeat, threaded into the first).
      await database.db.insert(alerts).values({ kind: 'system', reservationId: null, details: { title: `bench ${i}` } });
      while (fake.callsTo('chat.postMessage').length === before) await new Promise((r) => setImmediate(r));
      insertToPost.push(performance.now() - t0);
    }

    const acks = await Promise.all(
      Array.from({ length: BURST }, () => fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-BENCH1', userId: 'U0BENCH' })),
    );
    console.log(`${label}: insert → chat.postMessage: ${stats(insertToPost)}`);
    console.log(`${label}: /qrv status ack over a burst of ${BURST}: ${stats(acks.map((a) => a.ackMs))}`);
  } finally {
    await bot.stop();
    await fake.close();
  }
}

const pglite = await openDatabase({ dataDir: 'memory://' });
try {
  await measure('PGlite', pglite);
} finally {
  await pglite.close();
}
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (server !== 'none') {
  const scratch = await createScratchDatabase(server, 'qrv_latency');
  const database = await openDatabase({ url: scratch.url });
  try {
    await measure('PostgreSQL', database);
  } finally {
    await database.close();
    await scratch.drop();
  }
}
