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
