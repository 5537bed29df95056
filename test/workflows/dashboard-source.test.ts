import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDashboardSource, KEEP_WARM_MAX_DELAY_MS, KEEP_WARM_QUIET_MS, warmDelay } from '../../src/workflows/dashboard.js';
import { eventually } from '../support/bot.js';
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

/** The database, counting the statements a computation sends through it. */
function counted(db: typeof t.database.db) {
  let calls = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return value.apply(target, args);
      };
    },
  });
  return { db: proxy, calls: () => calls };
}

describe('the dashboard kept warm', () => {
  const keepWarm = (errors: unknown[] = []) => ({ quietMs: 20, maxDelayMs: 10_000, onError: (error: unknown) => errors.push(error) });

  it('after changes, the figures are computed again once, in the background: the next caller finds them current', async () => {
    const clock = testClock(new Date()); // the core's insert is stamped by the database's own clock
    const db = counted(t.database.db);
    const errors: unknown[] = [];
    const source = createDashboardSource({ db: db.db as typeof t.database.db, clock, config, keepWarm: keepWarm(errors) });
    expect(source.peek()).toBeUndefined(); // nothing computed yet
    const first = await source.load();
    const perComputation = db.calls();
    expect(source.peek()).toBe(first);

    await seedReservation(t.database.db);
    await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    // A storm of changes in one turn: one computation after it, not one per change.
    for (let i = 0; i < 5; i++) source.invalidate();
    expect(source.peek()).toBeUndefined(); // the old figures are not current any more
    const warmed = await eventually(() => source.peek());
    expect(warmed).not.toBe(first);
    expect(warmed.daily).not.toEqual(first.daily);
    expect(db.calls()).toBe(2 * perComputation);
    expect(await source.load()).toBe(warmed); // no computation for the caller
    expect(errors).toEqual([]);
    await source.stop();
  });

  it('stopped (shutdown): a change no longer starts a computation', async () => {
    const clock = testClock('2026-01-29T03:00:00Z');
    const db = counted(t.database.db);
    const source = createDashboardSource({ db: db.db as typeof t.database.db, clock, config, keepWarm: keepWarm() });
    await source.load();
    const calls = db.calls();
    await source.stop();
    source.invalidate();
    source.warm();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(db.calls()).toBe(calls);
    expect(source.peek()).toBeUndefined();
  });

  it('computes once changes are quiet, and at the latest 3 s after the first change of a storm', () => {
    const quiet = { quietMs: KEEP_WARM_QUIET_MS, maxDelayMs: KEEP_WARM_MAX_DELAY_MS };
    expect(warmDelay({ ...quiet, now: 1000, firstChangeAt: 1000 })).toBe(300);
    expect(warmDelay({ ...quiet, now: 3800, firstChangeAt: 1000 })).toBe(200); // 2.8 s into a storm: 0.2 s left
    expect(warmDelay({ ...quiet, now: 5000, firstChangeAt: 1000 })).toBe(0);
  });
});
