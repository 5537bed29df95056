import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { queryRows } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { onPostgres } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

const t = useBotTest();

async function waitPosted(alertId: number) {
  return eventually(async () => {
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    return row?.slackTs ? row : undefined;
  });
}

const reconnects = async (bot: RunningBot) => (await bot.metrics.listenReconnects.get()).values[0]?.value ?? 0;

/**
 * PGlite's NOTIFY comes from its worker thread in this process: there is no connection to lose
 * (when the worker dies, the whole database is gone with it). On PostgreSQL the LISTEN connection
 * is a server backend that a restart, a failover or `pg_terminate_backend` ends.
 */
describe.skipIf(!onPostgres)('LISTEN after its connection is lost (PostgreSQL)', { timeout: 60_000 }, () => {
  it('reconnects, catches up on what was inserted meanwhile, and delivers by LISTEN again; logged and counted', async () => {
    // Polling every 10 minutes: within the test only LISTEN (and the catch-up after a reconnect) can post.
    const bot = await t.h.start({ env: { QRV_POLL_INTERVAL_MS: '600000' } });
    await waitPosted(await coreRaisesAlert(t.database.db, 'system', null, { title: 'before' }));
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    try {
      for (const round of [1, 2]) {
        const listener = await queryRows<{ pid: number }>(
          t.database.db,
          sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`,
        );
        expect(listener).toHaveLength(1);
        // The server ends the listener's backend, as a restart does; the alert goes in while nobody listens.
        await admin.query('select pg_terminate_backend($1)', [listener[0]!.pid]);
        const during = await coreRaisesAlert(t.database.db, 'system', null, { title: `during loss ${round}` });
        await eventually(async () => (await reconnects(bot)) === round);
        await waitPosted(during);
        const after = await coreRaisesAlert(t.database.db, 'system', null, { title: `after reconnect ${round}` });
        await waitPosted(after);
      }
    } finally {
      await admin.end();
    }
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(5);
    const messages = t.h.logs().map((l) => l.msg);
    expect(messages.filter((m) => m === 'LISTEN connection lost; reconnecting')).toHaveLength(2);
    expect(messages.filter((m) => m === 'LISTEN connection re-established')).toHaveLength(2);
    expect(await bot.metrics.registry.metrics()).toContain('qrv_listen_reconnects_total 2');
  });

  it('keeps trying while the server refuses connections, then comes back', async () => {
    const bot = await t.h.start({ env: { QRV_POLL_INTERVAL_MS: '600000' } });
    // From the server's maintenance database: a database cannot close itself to connections.
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const database = new URL(t.database.url!).pathname.slice(1);
    try {
      // New connections to this database are refused (as while the server restarts), then the listener is cut.
      await admin.query(`alter database ${pg.escapeIdentifier(database)} with allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query ilike 'LISTEN%'`, [database]);
      await eventually(() => t.h.logs().some((l) => l.msg === 'LISTEN reconnect failed; retrying'));
      expect(await reconnects(bot)).toBe(0);
      await admin.query(`alter database ${pg.escapeIdentifier(database)} with allow_connections true`);
      await eventually(async () => (await reconnects(bot)) === 1, 10_000);
      await waitPosted(await coreRaisesAlert(t.database.db, 'system', null, { title: 'after the outage' }));
    } finally {
      await admin.query(`alter database ${pg.escapeIdentifier(database)} with allow_connections true`).catch(() => {});
      await admin.end();
    }
  });
});
