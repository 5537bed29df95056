import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { isUniqueViolation, pgErrorCode } from '../../src/db/errors.js';
import { shops } from '../../src/db/schema.js';
import { onPostgres, useTestDatabase } from '../support/db.js';
import { SHIBUYA_AROMA } from '../support/seed.js';

const t = useTestDatabase();

/** The same behaviour on both databases; on PGlite every statement goes through the worker thread. */
describe('the database behind one code path (PGlite in a worker thread, or PostgreSQL)', () => {
  it('a transaction commits its statements together; a failed one leaves nothing behind', async () => {
    const { db } = t.database;
    await db.transaction(async (tx) => {
      await tx.insert(shops).values(SHIBUYA_AROMA);
      await tx.update(shops).set({ area: '渋谷区' }).where(eq(shops.id, SHIBUYA_AROMA.id));
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(shops).values({ ...SHIBUYA_AROMA, id: 'SHOP-009' });
        throw new Error('手続きの途中で失敗');
      }),
    ).rejects.toThrow('手続きの途中で失敗');
    expect(await db.select({ id: shops.id, area: shops.area }).from(shops)).toEqual([{ id: SHIBUYA_AROMA.id, area: '渋谷区' }]);
  });

  it.skipIf(onPostgres)('nothing interleaves with an open transaction: a statement outside it waits for its commit', async () => {
    const { db } = t.database;
    const seen: string[] = [];
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.insert(shops).values(SHIBUYA_AROMA);
      outside = db.select({ n: count() }).from(shops).then(([row]) => seen.push(`outside saw ${row!.n}`));
      await tx.execute(sql`select pg_sleep(0.05)`);
      seen.push('transaction done');
    });
    await outside;
    expect(seen).toEqual(['transaction done', 'outside saw 1']);
  });

  it('a constraint violation keeps its PostgreSQL code, so repositories turn it into a domain error', async () => {
    const { db } = t.database;
    await db.insert(shops).values(SHIBUYA_AROMA);
    const error = await db.insert(shops).values(SHIBUYA_AROMA).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    const inTransaction = await db
      .transaction(async (tx) => tx.insert(shops).values(SHIBUYA_AROMA))
      .catch((e: unknown) => e);
    expect(pgErrorCode(inTransaction)).toBe('23505');
  });

  it('delivers NOTIFY to a listener', async () => {
    const payloads: string[] = [];
    const unlisten = await t.database.listen('qrv_test_channel', (payload) => payloads.push(payload));
    await queryRows(t.database.db, sql`select pg_notify('qrv_test_channel', '42')`);
    await expect.poll(() => payloads).toEqual(['42']);
    await unlisten();
  });

  it.skipIf(onPostgres)('the main thread keeps turning while a query runs', async () => {
    let turned = false;
    const heavy = queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from generate_series(1, 300000)`).then((rows) => ({
      rows,
      turnedBefore: turned,
    }));
    setImmediate(() => (turned = true));
    const { rows, turnedBefore } = await heavy;
    expect(rows).toEqual([{ n: 300000 }]);
    expect(turnedBefore).toBe(true);
  });
});
