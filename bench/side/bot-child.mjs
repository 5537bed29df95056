// The bot under test, in its own process (started by bench/side/index.ts): opens its database
// from BENCH_DATABASE (a postgres:// URL or a PGlite directory), connects to the fake Slack and
// answers the driver's requests over IPC (seed, insert alerts at a rate, event-loop stall,
// memory). Prints nothing. Plain JavaScript on the build in dist/, run by plain node as
// `npm start` runs the bot, so its cold start compares with the bare app's. Only the seeding
// (bench/seed.ts, TypeScript) is loaded through tsx, when the driver asks for it, after `ready`.
// Messages: bench/side/protocol.ts.
import module from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { cpuMeter } from './cpu.mjs';

// As bin/qrv.mjs and dist/main.js do: Node's compile cache on, the resolve hook, then the bot's modules.
module.enableCompileCache?.();
await import('../../dist/module-hooks.mjs');
const { sql } = await import('drizzle-orm');
const { loadConfig } = await import('../../dist/config.js');
const { alerts, reservations } = await import('../../dist/db/schema.js');
const { createLogger } = await import('../../dist/logger.js');
const { openDatabase } = await import('../../dist/db/client.js');

const stall = monitorEventLoopDelay({ resolution: 5 });
stall.enable();
const cpu = cpuMeter();
const target = process.env.BENCH_DATABASE;
const loaded = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_APP_TOKEN: 'xapp-bench',
  SLACK_API_URL: process.env.BENCH_SLACK_API_URL,
  QRV_ALERTS_CHANNEL: process.env.BENCH_CHANNEL,
  QRV_POLL_INTERVAL_MS: '5000',
  QRV_SCHEDULER: 'off',
  QRV_OPERATORS: '*', // every bench user (U0B0000…) acts
  ...(target.startsWith('postgres') ? { DATABASE_URL: target } : { QRV_DATA_DIR: target }),
});
// The HTTP listener (/healthz, /readyz, /metrics) on an ephemeral port: another bot on this machine may hold 8080.
const config = loaded.http ? { ...loaded, http: { ...loaded.http, port: 0 } } : loaded;
const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
// As `qrv start` does: the database opens while the bot's modules load.
const runtime = import('../../dist/runtime.js');
const opening = openDatabase({ url: config.database.url, dataDir: config.database.dataDir, logger: silent });
const { startBot } = await runtime;
const bot = await startBot({ config, logger: silent, opening });
const db = bot.database.db;
const reply = (message) => process.send(message);

const RESERVATION = {
  id: 'QRV-BENCH1', service: 'Aroma Massage', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000),
  address: '東京都渋谷区道玄坂1-2-3', clientPhone: '080-1234-5678', status: 'calling_failed', amountJpy: 12000,
};

/** Each alert is its own problem (its own reservation, Z: never a seeded hex ID): the same reservation and kind again would be a repeat in the first one's thread. */
let nextReservation = 0;

async function insertAlerts(count, perSecond) {
  const inserted = [];
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const reservationId = `QRV-Z${String(nextReservation++).padStart(5, '0')}`;
    await db.insert(reservations).values({ ...RESERVATION, id: reservationId });
    const [row] = await db.insert(alerts).values({ kind: 'all_shops_ng', reservationId, details: {} }).returning({ id: alerts.id });
    inserted.push({ id: row.id, at: Date.now() });
  }
  return inserted;
}

process.on('message', async (request) => {
  try {
    switch (request.type) {
      case 'seed': {
        const { tsImport } = await import('tsx/esm/api');
        const { seedBench } = await tsImport('../seed.ts', import.meta.url);
        await seedBench(db, { reservations: request.reservations });
        await db.insert(reservations).values(RESERVATION).onConflictDoNothing();
        return reply({ type: 'done', id: request.id });
      }
      case 'insert':
        return reply({ type: 'inserted', id: request.id, alerts: await insertAlerts(request.count, request.perSecond) });
      case 'stall-reset':
        stall.reset();
        cpu.reset();
        return reply({ type: 'done', id: request.id });
      case 'stall':
        return reply({ type: 'stall', id: request.id, maxMs: stall.max / 1e6, p99Ms: stall.percentile(99) / 1e6, cpuMs: cpu.ms() });
      case 'memory':
        return reply({ type: 'memory', id: request.id, rssMiB: process.memoryUsage().rss / 2 ** 20 });
      case 'pending':
        return reply({ type: 'pending', id: request.id, count: Number((await db.execute(sql`select count(*)::int as n from alerts where slack_ts is null`)).rows[0].n) });
      case 'busy': {
        // Slack handlers running, and jobs due or running: message updates, thread notes, sends (the sweeps recur: not counted).
        const due = await db.execute(sql`select count(*)::int as n from pgboss.job where name in ('qrv-alert-sync', 'qrv-deliver') and state in ('created', 'retry', 'active') and start_after <= now()`);
        return reply({ type: 'busy', id: request.id, handlers: bot.handlersRunning(), jobs: Number(due.rows[0].n) });
      }
      case 'stop':
        await bot.stop();
        reply({ type: 'done', id: request.id });
        process.exit(0);
    }
  } catch (error) {
    reply({ type: 'error', id: request.id, message: String(error?.stack ?? error) });
  }
});
reply({ type: 'ready' });
