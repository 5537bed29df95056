import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { databaseRolesSql } from '../../src/db/roles.js';
import { eventually, startBotHarness } from '../support/bot.js';
import { onPostgres, useTestDatabase } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

const suffix = randomBytes(4).toString('hex');
const OWNER = `qrv_owner_${suffix}`;
const RUNTIME = `qrv_runtime_${suffix}`;

// Registered before the database's hooks, so it runs after the test database is dropped.
afterAll(async () => {
  if (!onPostgres) return;
  const server = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await server.connect();
  await server.query(`DROP ROLE IF EXISTS ${RUNTIME}; DROP ROLE IF EXISTS ${OWNER}`);
  await server.end();
});

const t = useTestDatabase();

const urlAs = (role: string) => {
  const u = new URL(t.database.url!);
  u.username = role;
  u.password = 'test-password';
  return u.toString();
};

async function as<T>(role: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: urlAs(role) });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const refusal = (c: pg.Client, statement: string) => c.query(statement).then(() => 'accepted', (e: Error) => e.message);

describe('databaseRolesSql', () => {
  it('refuses names that are not plain identifiers', () => {
    expect(() => databaseRolesSql({ database: 'qrv', owner: 'x; drop table history', runtime: 'r' })).toThrow(/identifier/);
    expect(() => databaseRolesSql({ database: 'qrv', owner: 'same', runtime: 'same' })).toThrow(/differ/);
  });
});

// PGlite is one embedded single-user database: it has no roles or logins to test.
describe.skipIf(!onPostgres)('least-privilege roles (PostgreSQL only: PGlite has no roles or logins)', () => {
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    const database = new URL(t.database.url!).pathname.slice(1);
    await admin.query(databaseRolesSql({ database, owner: OWNER, runtime: RUNTIME }));
    await admin.query(`ALTER ROLE ${OWNER} PASSWORD 'test-password'; ALTER ROLE ${RUNTIME} PASSWORD 'test-password'`);
    await admin.end();
  });

  it('the runtime role cannot TRUNCATE history, disable its triggers, rewrite it, or change the schema', async () => {
    await as(RUNTIME, async (c) => {
      expect(await refusal(c, 'TRUNCATE history')).toMatch(/permission denied for table history/);
      expect(await refusal(c, 'ALTER TABLE history DISABLE TRIGGER ALL')).toMatch(/must be owner of table history/);
      expect(await refusal(c, 'ALTER TABLE history DISABLE TRIGGER history_append_only')).toMatch(/must be owner/);
      expect(await refusal(c, "UPDATE history SET actor = 'x'")).toMatch(/permission denied for table history/);
      expect(await refusal(c, 'DELETE FROM history')).toMatch(/permission denied for table history/);
      expect(await refusal(c, 'DROP TABLE history')).toMatch(/must be owner/);
      expect(await refusal(c, 'CREATE TABLE public.evil (id int)')).toMatch(/permission denied for schema public/);
      expect(await refusal(c, 'TRUNCATE alerts')).toMatch(/permission denied for table alerts/);
    });
  });

  it('the runtime role reads and writes rows (DML), and appends to history', async () => {
    await as(RUNTIME, async (c) => {
      await c.query("INSERT INTO history (actor, action) VALUES ('U0SATO', 'test.appended')");
      await c.query("INSERT INTO alerts (kind, reservation_id, details) VALUES ('system', NULL, '{}')");
      await c.query("UPDATE alerts SET assignee = 'U0SATO'");
      expect((await c.query('SELECT count(*)::int AS n FROM history')).rows[0].n).toBe(1);
    });
  });

  it('even the owner role cannot TRUNCATE history (the TRUNCATE trigger), and it runs migrations', async () => {
    await as(OWNER, async (c) => {
      expect(await refusal(c, 'TRUNCATE history')).toMatch(/history is append-only: TRUNCATE is refused/);
    });
    const owner = await openDatabase({ url: urlAs(OWNER) });
    try {
      await owner.migrate();
    } finally {
      await owner.close();
    }
  });

  it('the bot runs as the runtime role with QRV_MIGRATE_ON_START=false and posts an alert', async () => {
    const runtime = await openDatabase({ url: urlAs(RUNTIME) });
    const h = await startBotHarness({ ...runtime, reset: async () => {}, url: urlAs(RUNTIME) });
    try {
      await h.start({ env: { QRV_MIGRATE_ON_START: 'false' } });
      await coreRaisesAlert(runtime.db, 'system', null, { title: 'ロール確認' });
      await eventually(() => h.fake.messages(h.fake.channelId('qrv-alerts'))[0], 15_000);
    } finally {
      await h.stop();
      await runtime.close();
    }
  });
});
