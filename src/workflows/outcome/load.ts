import type { Db } from '../../db/client.js';
import type { Alert, Reservation } from '../../db/schema.js';
import { errors } from '../../errors.js';
import { createRepositories } from '../../repositories/index.js';
import type { Outbox } from '../../repositories/outbox.js';
import { notNeedsAction } from './guard.js';

/** What the modals of a 要再対応 alert show; refused when the alert is not (or no longer) 要再対応. */
export async function loadNeedsAction({ db }: { db: Db }, { alertId }: { alertId: number }): Promise<{ alert: Alert; reservation: Reservation | null; outbox: Outbox }> {
  const repos = createRepositories({ db });
  const alert = await repos.alerts.findById(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  if (alert.deliveryState !== 'failed') throw notNeedsAction();
  const reservation = alert.reservationId ? ((await repos.reservations.findById(alert.reservationId)) ?? null) : null;
  return { alert, reservation, outbox: await repos.outbox.listForAlert(alertId) };
}
