import { createScratchDatabase } from './scratch-postgres.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/db/client.js';

/**
 * A migrated database for one test file: in-memory PGlite by default, or a fresh PostgreSQL
 * database (created from TEST_DATABASE_URL's server) when TEST_DATABASE_URL is set.
 * `reset()` empties every table between tests.
 */
export interface TestDatabase extends Database {
  reset(): Promise<void>;
  /** The postgres:// URL of this test database (PostgreSQL mode only), for a second "instance". */
  url?: string;
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) ({ url, drop } = await createScratchDatabase(serverUrl, 'qrv_test'));
  const database = await openDatabase(url ? { url } : { dataDir: 'memory://' });
  await database.migrate();
  const close = database.close.bind(database);
  return {
    ...database,
    url,
    async reset() {
      const tables = await queryRows<{ name: string }>(
        database.db,
        sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
      );
      const names = tables.map((r) => r.name).join(', ');
      // history refuses TRUNCATE (an append-only audit trail): the test reset runs with triggers off.
      if (names) {
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(sql.raw(`TRUNCATE ${names} RESTART IDENTITY CASCADE`));
        });
      }
      // Jobs left by an earlier test (e.g. a retry an hour later) would point at the new rows' ids.
      const boss = await queryRows<{ t: string | null }>(database.db, sql`select to_regclass('pgboss.job')::text as t`);
      if (boss[0]?.t) await database.db.execute(sql`delete from pgboss.job`);
    },
    async close() {
      await close();
      await drop?.();
    },
  };
}

/**
 * One migrated database for the test file, emptied before each test. The field is set by the
 * hooks: read it inside tests and hooks.
 */
export function useTestDatabase(): { database: TestDatabase } {
  const t = {} as { database: TestDatabase };
  beforeAll(async () => {
    t.database = await createTestDatabase();
  });
  afterAll(async () => {
    await t.database.close();
  });
  beforeEach(async () => {
    await t.database.reset();
  });
  return t;
}
