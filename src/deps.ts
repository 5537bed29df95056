import type { MaintenanceChecks } from './workflows/maintenance-checks.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import type { LogSource } from './logs/source.js';
import type { Delivery } from './delivery/types.js';
import type { AlertSync } from './slack/alert-sync.js';
import { createRepositories } from './repositories/index.js';
import type { DashboardSource } from './workflows/dashboard.js';
import type { ReservationCardSource } from './workflows/reservation-card.js';

/** What handlers need: configuration and collaborators, passed down from start-up. */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where `/qrv logs` searches (CloudWatch or local files), created once at start-up. */
  logSource: LogSource;
  /** Enqueues durable jobs for what procedures queued (SMS, e-mail, payment links, refunds). */
  delivery: Delivery;
  /** After a commit: Slack (alert message, thread notes) is brought up to the database by a durable job. */
  alertSync: AlertSync;
  /** `/qrv dashboard` and App Home: one shared computation, briefly cached. */
  dashboard: DashboardSource;
  /** `/qrv status` and 詳細: a reservation's card, one reading shared by the viewers asking at once. */
  cards: ReservationCardSource;
  /** 月次レポート's own checks: pg_stat_archiver and npm audit (runner injectable for tests). */
  maintenanceChecks: MaintenanceChecks;
}

export function repositories(db: AppDeps['db']) {
  return createRepositories({ db });
}
