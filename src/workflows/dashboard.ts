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
  /** The figures already computed and still current, if any (no I/O: an answer that can go out at once). */
  peek(): Dashboard | undefined;
  /** Alerts or reservations changed: the next load computes again (and, kept warm, soon computes anyway). */
  invalidate(): void;
  /** Computes now unless current figures are cached, or the source is stopped (what a change schedules when kept warm). */
  warm(): void;
  /** No more warming; waits for a computation still running (before the database closes). */
  stop(): Promise<void>;
}

/**
 * Keeping the figures current: after a change, the dashboard is computed again once changes have
 * been quiet for `quietMs`, and at the latest `maxDelayMs` after the first one (a storm of alerts
 * costs one computation per `maxDelayMs`), so that `/qrv dashboard` and App Home usually find
 * current figures and answer at once.
 */
export interface KeepWarm {
  quietMs: number;
  maxDelayMs: number;
  /** A background computation failed (the next caller computes again). */
  onError(error: unknown): void;
}
export const KEEP_WARM_QUIET_MS = 300;
export const KEEP_WARM_MAX_DELAY_MS = 3000;

/** How long after a change (at `now`) the figures are computed again: once quiet, but never later than `maxDelayMs` after the first change not yet computed. */
export function warmDelay({ now, firstChangeAt, quietMs, maxDelayMs }: { now: number; firstChangeAt: number; quietMs: number; maxDelayMs: number }): number {
  return Math.max(0, Math.min(quietMs, firstChangeAt + maxDelayMs - now));
}

/**
 * One computation for many: a burst of `/qrv dashboard` and App Home opens shares the one in
 * flight, and its result serves for `maxAgeMs` (60 s) unless invalidated. `fresh` (the 更新
 * button) skips a finished result but still joins a computation already running. At most one
 * computation runs at a time: callers arriving after an invalidation, while an older one still
 * runs, share the next one, which starts when that ends (changes during a burst cost one more
 * computation, not one per caller).
 */
export function createDashboardSource(deps: { db: Queryable; clock: Clock; config: Config; maxAgeMs?: number; keepWarm?: KeepWarm }): DashboardSource {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const { keepWarm } = deps;
  let stopped = false;
  let warmTimer: NodeJS.Timeout | undefined;
  let firstChangeAt: number | undefined;
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

  const current = () => (cached && cached.generation === generation && deps.clock.now().getTime() - cached.at < maxAgeMs ? cached.value : undefined);

  function warmSoon() {
    if (!keepWarm || stopped) return;
    const now = Date.now();
    firstChangeAt ??= now;
    clearTimeout(warmTimer);
    warmTimer = setTimeout(() => {
      firstChangeAt = undefined;
      source.warm();
    }, warmDelay({ ...keepWarm, now, firstChangeAt }));
    warmTimer.unref();
  }

  const source: DashboardSource = {
    load({ fresh = false } = {}) {
      const value = fresh ? undefined : current();
      if (value) return Promise.resolve(value);
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
    peek: current,
    invalidate() {
      generation++;
      warmSoon();
    },
    warm() {
      if (stopped || current()) return;
      source.load().catch((error: unknown) => keepWarm?.onError(error));
    },
    async stop() {
      stopped = true;
      clearTimeout(warmTimer);
      await Promise.allSettled([inFlight?.promise, queued]);
    },
  };
  return source;
}
