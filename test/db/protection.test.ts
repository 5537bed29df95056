import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, history } from '../../src/db/schema.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert } from '../support/seed.js';

const t = useTestDatabase();

const stored = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('alerts.details larger than 64 KiB', () => {
  it('is stored truncated with a note, keeping the small fields and the start of long ones', async () => {
    const id = await coreRaisesAlert(t.database.db, 'system', null, {
      severity: 'critical',
      title: `障害${'x'.repeat(100_000)}`,
      body: 'y'.repeat(4 * 1024 * 1024),
      fields: { host: 'api-01' },
    });
    const { details } = await stored(id);
    expect(bytes(details)).toBeLessThan(64 * 1024);
    expect(details.severity).toBe('critical');
    expect(String(details.title)).toHaveLength(2000);
    expect(String(details.title).startsWith('障害xxx')).toBe(true);
    expect(details.fields).toEqual({ host: 'api-01' });
    expect(details._truncated).toMatchObject({ note: 'details exceeded 64 KiB and were truncated' });
    expect((details._truncated as { original_bytes: number }).original_bytes).toBeGreaterThan(4 * 1024 * 1024);
  });

  it('many small keys stop at the budget; details up to 64 KiB are kept as they are', async () => {
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 'v'.repeat(10)]));
    const big = await stored(await coreRaisesAlert(t.database.db, 'system', null, many));
    expect(bytes(big.details)).toBeLessThan(64 * 1024);
    expect(big.details._truncated).toBeDefined();
    const fine = { title: 't'.repeat(60_000) };
    expect((await stored(await coreRaisesAlert(t.database.db, 'system', null, fine))).details).toEqual(fine);
  });
});

describe('history, the audit trail', () => {
  it('refuses TRUNCATE, UPDATE and DELETE, whoever asks', async () => {
    await t.database.db.insert(history).values({ actor: 'U0SATO', action: 'reservation.viewed', reservationId: 'QRV-A1B2C3' });
    const refused = (statement: string) => t.database.db.execute(sql.raw(statement)).then(() => 'accepted', (e: Error) => String(e.cause ?? e.message));
    expect(await refused('TRUNCATE history')).toMatch(/history is append-only: TRUNCATE is refused/);
    expect(await refused("UPDATE history SET actor = 'x'")).toMatch(/history is append-only/);
    expect(await refused('DELETE FROM history')).toMatch(/history is append-only/);
    expect(await t.database.db.select().from(history)).toHaveLength(1);
  });
});
