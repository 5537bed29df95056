/**
 * Issue 15 (cold start): the bot connects to Slack without waiting for its database to be
 * migrated. An envelope that arrives meanwhile is acked as usual and answered once the migrations
 * are applied (its queries wait: src/db/gate.ts); a migration that fails still fails start-up, and
 * nothing is served on the half-migrated database. The migrations are held by the test: the bot
 * is handed the test database with a `migrate` that first waits for a gate the test opens.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DatabaseNotReadyError, MigrationFailedError } from '../src/db/gate.js';
import type { LoadHandlers } from '../src/app.js';
import type { RunningBot } from '../src/runtime.js';
import { GENERIC_FAILURE_MESSAGE } from '../src/errors.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from './support/bot.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { seedReservation, seedShops } from './support/seed.js';

const t = useBotTest();

/** The same database, whose migrations start only once the test calls `open()` (or fail then, with `failWith`). */
function heldMigrations(database: TestDatabase, failWith?: Error) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const migrate = async () => {
    await opened;
    if (failWith) throw failWith;
    await database.migrate();
  };
  return { open, database: { ...database, migrate } as TestDatabase };
}

/** Resolves with the bot once startBot has; `up()` says whether it has yet. */
function watch(starting: Promise<RunningBot>) {
  let up = false;
  const settled = starting.then(
    (bot) => {
      up = true;
      return bot;
    },
    (error: unknown) => {
      up = true;
      throw error;
    },
  );
  settled.catch(() => {});
  return { settled, up: () => up };
}

describe('start-up: Slack is connected while the database migrates', () => {
  it('an envelope that arrives before the migrations are applied is acked, and answered once they are', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    const { open, database } = heldMigrations(t.database);
    const start = watch(t.h.start({ database }));
    await t.h.fake.waitForConnections(1, 30_000);

    const sent = await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-A1B2C3', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    // Acked (its answer could not ride on the ack: the card's reads wait for the migrations), not answered yet.
    expect(sent.ack.payload).toEqual({});
    expect(t.h.fake.ephemerals('U0SATO')).toEqual([]);
    expect(start.up()).toBe(false);

    open();
    const bot = await start.settled;
    const reply = await eventually(() => t.h.fake.ephemerals('U0SATO').at(-1));
    expect(JSON.stringify(reply)).toContain('予約 QRV-A1B2C3');
    expect(JSON.stringify(reply)).not.toContain(GENERIC_FAILURE_MESSAGE);
    expect((await bot.readiness.evaluate()).parts.database).toBe('ok');
  }, 90_000);

  it('an envelope that arrives before the handlers’ modules are loaded waits for them: acked and answered once registered', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    let load!: () => void;
    const loaded = new Promise<void>((resolve) => (load = resolve));
    const loadHandlers: LoadHandlers = async () => {
      await loaded;
      return import('../src/handlers/index.js');
    };
    const start = watch(t.h.start({ loadHandlers }));
    await t.h.fake.waitForConnections(1, 30_000);

    const sending = t.h.fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-A1B2C3', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.h.fake.ephemerals('U0SATO')).toEqual([]);
    expect(start.up()).toBe(false); // start-up waits for the handlers too

    load();
    const sent = await sending;
    await start.settled;
    // The card rides on the ack, or follows by response_url.
    const card = await eventually(() => [sent.ack.payload, ...t.h.fake.ephemerals('U0SATO')].map((p) => JSON.stringify(p)).find((p) => p.includes('予約 QRV-A1B2C3')));
    expect(card).not.toContain(GENERIC_FAILURE_MESSAGE);
  }, 90_000);

  it('/readyz answers 503 naming the migrations while they run, 200 once started', async () => {
    const { open, database } = heldMigrations(t.database);
    const start = watch(t.h.start({ database, http: true }));
    await t.h.fake.waitForConnections(1, 30_000);
    // The listener's URL (an ephemeral port) is in its start-up log line.
    const url = String((await eventually(() => t.h.logs().find((l) => l.msg === 'HTTP listener started (/healthz, /readyz, /metrics)')))!.url);
    const starting = await fetch(`${url}/readyz`);
    expect(starting.status).toBe(503);
    expect(((await starting.json()) as { parts: Record<string, string> }).parts).toMatchObject({ bot: 'starting', database: 'migrations running', socket: 'ok' });
    open();
    await start.settled;
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
  }, 90_000);

  it('a migration that fails fails start-up: Slack is disconnected again and no query runs on the half-migrated database', async () => {
    // Its own database: the failed migration leaves it unusable (every query refused), as it should.
    const own = await createTestDatabase();
    try {
      const { open, database } = heldMigrations(own, new Error('relation "reservations" already exists'));
      const start = watch(t.h.start({ database }));
      await t.h.fake.waitForConnections(1, 30_000);
      // Acked at once (its reads wait for the migrations).
      const sent = await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'queue', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
      expect(sent.ack.payload).toEqual({});
      open();
      const failure = await start.settled.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MigrationFailedError);
      expect((failure as Error).message).toBe('database migrations failed, the bot does not start: relation "reservations" already exists');
      await t.h.fake.waitForConnections(0, 30_000);
      // Its reads were refused (the operator is told it failed), and so is any later query.
      await eventually(() => JSON.stringify(t.h.fake.ephemerals('U0SATO')).includes(GENERIC_FAILURE_MESSAGE), 20_000);
      const refused = await own.db.execute(sql`select 1`).then(
        () => undefined,
        (error: { cause?: unknown }) => error.cause,
      );
      expect(refused).toBeInstanceOf(DatabaseNotReadyError);
    } finally {
      await own.close().catch(() => {});
    }
  }, 90_000);
});
