import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { Logger } from './logger.js';
import type { LogSource } from './logs/source.js';
import { createAlertsRepository } from './repositories/alerts.js';
import { createHistoryRepository } from './repositories/history.js';
import { createReservationsRepository } from './repositories/reservations.js';

/** What handlers need: configuration and collaborators, passed down from start-up. */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where `/qrv logs` searches (CloudWatch or local files), created once at start-up. */
  logSource: LogSource;
}

export function repositories(db: AppDeps['db']) {
  return {
    alerts: createAlertsRepository({ db }),
    reservations: createReservationsRepository({ db }),
    history: createHistoryRepository({ db }),
  };
}
