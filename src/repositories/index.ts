import type { Queryable } from '../db/client.js';
import { createAlertCardsRepository } from './alert-cards.js';
import { createAlertSyncRepository } from './alert-sync.js';
import { createAlertsRepository } from './alerts.js';
import { createHistoryRepository } from './history.js';
import { createIncidentsRepository } from './incidents.js';
import { createIncidentAlertsRepository } from './incident-alerts.js';
import { createMaintenanceRepository } from './maintenance.js';
import { createOperationRecordsRepository } from './operation-records.js';
import { createOutboxRepository } from './outbox.js';
import { createReservationCardsRepository } from './reservation-cards.js';
import { createReservationsRepository } from './reservations.js';
import { createShopsRepository } from './shops.js';
import { createStormsRepository } from './storms.js';

/** Every repository over one database handle or transaction. */
export function createRepositories({ db }: { db: Queryable }) {
  return {
    alerts: createAlertsRepository({ db }),
    alertCards: createAlertCardsRepository({ db }),
    reservations: createReservationsRepository({ db }),
    reservationCards: createReservationCardsRepository({ db }),
    shops: createShopsRepository({ db }),
    history: createHistoryRepository({ db }),
    records: createOperationRecordsRepository({ db }),
    outbox: createOutboxRepository({ db }),
    incidents: createIncidentsRepository({ db }),
    incidentAlerts: createIncidentAlertsRepository({ db }),
    alertSync: createAlertSyncRepository({ db }),
    maintenance: createMaintenanceRepository({ db }),
    storms: createStormsRepository({ db }),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
