import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { history } from '../../src/db/schema.js';
import { createHistoryRepository, type HistoryInput } from '../../src/repositories/history.js';
import { useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, seedReservation } from '../support/seed.js';

const t = useTestDatabase();

describe('history.appendMany (one statement, one array parameter per column)', () => {
  it('writes every entry as given, in order, and returns the rows written in that order', async () => {
    await seedReservation(t.database.db);
    const repo = createHistoryRepository({ db: t.database.db });
    await repo.append({ actor: 'U0EARLIER', action: 'alert.claimed' });
    const entries: HistoryInput[] = [
      { actor: 'U0SATO', action: 'reservation.viewed', reservationId: AROMA_RESERVATION.id, alertId: 7, after: { via: 'status' } },
      { actor: 'U0SUZUKI', action: 'reservation.status_changed', reservationId: AROMA_RESERVATION.id, before: { status: 'calling' }, after: { status: 'confirmed', note: '店舗「渋谷店」の "Aroma"\\ {a,b} 確認済み' } },
      { actor: 'system', action: 'alert.resolved' },
      ...Array.from({ length: 120 }, (_, i) => ({ actor: `U0OP${i}`, action: 'reservation.viewed', reservationId: AROMA_RESERVATION.id, alertId: i % 2 ? null : i, after: { via: 'detail' } })),
    ];

    const written = await repo.appendMany(entries);

    const stored = await t.database.db.select().from(history).orderBy(asc(history.id));
    expect(stored.slice(1)).toEqual(written);
    expect(written.map((r) => [r.actor, r.action, r.reservationId, r.alertId, r.before, r.after])).toEqual(
      entries.map((e) => [e.actor, e.action, e.reservationId ?? null, e.alertId ?? null, e.before ?? null, e.after ?? null]),
    );
    expect(written[0]!.id).toBeGreaterThan(stored[0]!.id);
    expect(written.every((r, i) => i === 0 || r.id > written[i - 1]!.id)).toBe(true);
    expect(written.every((r) => r.createdAt instanceof Date)).toBe(true);
  });

  it('writes nothing for no entries', async () => {
    const repo = createHistoryRepository({ db: t.database.db });
    expect(await repo.appendMany([])).toEqual([]);
    expect(await t.database.db.select().from(history)).toEqual([]);
  });
});
