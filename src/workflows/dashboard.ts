import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import { loadDailyMetrics, type DailyMetrics } from '../metrics/daily.js';
import { loadWeeklyMetrics, type WeeklyMetrics } from '../metrics/weekly.js';

export interface Dashboard {
  daily: DailyMetrics;
  weekly: WeeklyMetrics;
}

/** Everything `/qrv dashboard` and the App Home tab show, as of the clock's now. */
export async function loadDashboard({ db, clock, config }: { db: Queryable; clock: Clock; config: Config }): Promise<Dashboard> {
  const deps = { db, clock, timeZone: config.timezone, overrides: config.alertOverrides };
  const [daily, weekly] = await Promise.all([loadDailyMetrics(deps), loadWeeklyMetrics(deps)]);
  return { daily, weekly };
}

export interface DashboardSource {
  /** The dashboard, computed at most once for every caller waiting at the same time, reused up to `maxAgeMs`. */
  load(options?: { fresh?: boolean }): Promise<Dashboard>;
  /** Alerts or reservations changed: the next load computes again. */
  invalidate(): void;
}

/**
 * One computation for many: a burst of `/qrv dashboard` and App Home opens shares the one in
 * flight, and its result serves for `maxAgeMs` (60 s) unless invalidated. `fresh` (the 更新
 * button) skips a finished result but still joins a computation already running. At most one
 * computation runs at a time: callers arriving after an invalidation, while an older one still
 * runs, share the next one, which starts when that ends (changes during a burst cost one more
 * computation, not one per caller).
 */
export function createDashboardSource(deps: { db: Queryable; clock: Clock; config: Config; maxAgeMs?: number }): DashboardSource {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  let generation = 0;
  let inFlight: { generation: number; promise: Promise<Dashboard> } | undefined;
  let queued: Promise<Dashboard> | undefined;
  let cached: { generation: number; at: number; value: Dashboard } | undefined;

  function compute(): Promise<Dashboard> {
    const started = { generation, at: deps.clock.now().getTime() };
    const promise = loadDashboard(deps).then((value) => {
      if (started.generation === generation) cached = { ...started, value };
      return value;
    });
    inFlight = { generation, promise };
    const clear = () => {
      if (inFlight?.promise === promise) inFlight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  return {
    load({ fresh = false } = {}) {
      const now = deps.clock.now().getTime();
      if (!fresh && cached && cached.generation === generation && now - cached.at < maxAgeMs) return Promise.resolve(cached.value);
      if (inFlight && inFlight.generation === generation) return inFlight.promise;
      if (!inFlight) return compute();
      // An older computation still runs: wait for it to end, then one computation for everyone waiting.
      queued ??= inFlight.promise
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return inFlight && inFlight.generation === generation ? inFlight.promise : compute();
        });
      return queued;
    },
    invalidate() {
      generation++;
    },
  };
}
