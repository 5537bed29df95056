import type { Db } from '../../db/client.js';
import type { Alert, OperationRecord, Reservation, Shop } from '../../db/schema.js';
import type { AlertKind } from '../../domain/alert-kinds.js';
import type { Clock } from '../../domain/clock.js';
import { errors } from '../../errors.js';
import { createRepositories, type Repositories } from '../../repositories/index.js';
import type { ReservationChanges } from '../../repositories/reservations.js';
import { finishAlert, type OperationOutcome, type RecordInput } from './finish.js';
import { claimImplicitly, lockExpectedReservation, lockOpenAlert } from './guard.js';
import { shopOf } from './shop.js';
import { deliveryRows } from '../../delivery/outcome.js';

export interface OperationDeps {
  db: Db;
  clock: Clock;
  /** Display time zone of what the client receives (config.timezone). */
  timeZone: string;
}

/** What a procedure step sees and may do inside its transaction. */
export interface Operation {
  repos: Repositories;
  alert: Alert;
  /** The reservation as it stands (after this step's updates). */
  reservation: Reservation;
  shop: Shop | null;
  actor: string;
  now: Date;
  timeZone: string;
  /** Compare-and-set on the reservation (still in its current status), with a history entry. */
  update(changes: ReservationChanges): Promise<Reservation>;
  /** An idempotency key unique to this alert and step: `alert:<id>:<step>`. */
  key(step: string): string;
}

export type OperationResult<T> =
  | { replay: true; alert: Alert }
  | { replay: false; alert: Alert; record: OperationRecord; value: T; newlyClaimed: boolean };

/**
 * Runs one procedure's final step in a transaction: the alert is this operator's (claimed
 * implicitly if nobody had it), the reservation is still in the alert's status (else
 * STATUS_CHANGED and nothing is written), `apply` makes its changes and queues what must be sent,
 * and the alert is resolved with its record. A replay by the same operator changes nothing.
 */
export async function runOperation<T extends OperationOutcome>(
  { db, clock, timeZone }: OperationDeps,
  input: { alertId: number; userId: string; kinds: readonly AlertKind[]; record: RecordInput },
  apply: (op: Operation) => Promise<T>,
): Promise<OperationResult<T>> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const locked = await lockOpenAlert(repos, input);
    if (locked.replay) return { replay: true, alert: locked.alert };
    let reservation = await lockExpectedReservation(repos, locked.alert);
    const { alert, newlyClaimed } = await claimImplicitly(repos, { alert: locked.alert, userId: input.userId, at: now, openedAt: input.record.openedAt });
    const op: Operation = {
      repos,
      alert,
      get reservation() {
        return reservation;
      },
      shop: await shopOf(repos, alert, reservation),
      actor: input.userId,
      now,
      timeZone,
      async update(changes) {
        const before = reservation;
        const after = await repos.reservations.updateIfStatus({ id: before.id, expectedStatus: before.status, changes, at: now });
        if (!after) throw errors.statusChanged((await repos.reservations.findById(before.id))?.status ?? '?');
        await repos.history.append({
          actor: input.userId,
          action: changes.status && changes.status !== before.status ? 'reservation.status' : 'reservation.changed',
          alertId: alert.id,
          reservationId: before.id,
          ...diff(before, changes),
        });
        reservation = after;
        return after;
      },
      key: (step) => `alert:${alert.id}:${step}`,
    };
    const value = await apply(op);
    // Something to send or refund: the alert shows 送信中 until the delivery settles it (✅ 完了 / 要再対応).
    if (deliveryRows(await repos.outbox.listForAlert(alert.id)).length > 0) await repos.alerts.markSending(alert.id);
    const finished = await finishAlert(repos, { alert, actor: input.userId, now, outcome: value, record: input.record });
    return { replay: false, alert: finished.alert, record: finished.record, value, newlyClaimed };
  });
}

function diff(before: Reservation, changes: ReservationChanges) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof ReservationChanges, unknown]>) {
    b[key] = json(before[key]);
    a[key] = json(value);
  }
  return { before: b, after: a };
}

const json = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
