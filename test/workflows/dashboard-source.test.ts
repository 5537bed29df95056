import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDashboardSource } from '../../src/workflows/dashboard.js';
import { useTestDatabase } from '../support/db.js';
import { testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation } from '../support/seed.js';

const t = useTestDatabase();
const config = loadConfig({});

describe('the dashboard computed once for many', () => {
  it('callers at the same time share one computation, and its result serves for up to 60 s', async () => {
    const clock = testClock('2026-01-29T03:00:00Z');
    const source = createDashboardSource({ db: t.database.db, clock, config });
    const [first, second] = [source.load(), source.load()];
    expect(second).toBe(first);
    const computed = await first;
    expect(await source.load()).toBe(computed);
    clock.advance(1);
    expect(await source.load()).not.toBe(computed);
  });

  it('a new alert or an operator’s change drops the cached figures; 更新 asks for fresh ones', async () => {
    const clock = testClock(new Date()); // the core's insert is stamped by the database's own clock
    const source = createDashboardSource({ db: t.database.db, clock, config });
    const before = await source.load();
    await seedReservation(t.database.db);
    await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    expect(await source.load()).toBe(before);
    source.invalidate();
    const after = await source.load();
    expect(after).not.toBe(before);
    expect(after.daily).not.toEqual(before.daily);
    expect(await source.load({ fresh: true })).not.toBe(after);
  });

  it('changes while a computation runs: every caller after them shares one next computation, started when the first ends', async () => {
    const clock = testClock('2026-01-29T03:00:00Z');
    const source = createDashboardSource({ db: t.database.db, clock, config });
    const first = source.load();
    const waiting: Array<Promise<unknown>> = [];
    for (let i = 0; i < 3; i++) {
      source.invalidate(); // e.g. claims landing during a burst of /qrv dashboard
      waiting.push(source.load());
    }
    expect(new Set(waiting).size).toBe(1); // one computation for the three, not one each
    expect(waiting[0]).not.toBe(first);
    const [old, next] = await Promise.all([first, waiting[0]]);
    expect(next).not.toBe(old);
    expect(await source.load()).toBe(next); // its figures, of the latest change, are the cached ones
  });
});
