import type { Db } from '../../db/client.js';
import type { Alert, Reservation, Shop } from '../../db/schema.js';
import type { AlertKind } from '../../domain/alert-kinds.js';
import type { Clock } from '../../domain/clock.js';
import { errors } from '../../errors.js';
import { createRepositories } from '../../repositories/index.js';
import type { Repositories } from '../../repositories/index.js';
import { claimImplicitly, elapsedMinutes, expectedReservation, lockExpectedReservation, lockOpenAlert, openAlert } from './guard.js';
import { shopOf } from './shop.js';

export interface OperationStart {
  alert: Alert;
  reservation: Reservation;
  /** The shop the alert is about (details.shop_id) or the reservation's shop. */
  shop: Shop | null;
  /** When work on the alert started: its first open or claim (所要時間 counts from here). */
  claimedAt: Date;
  /** 所要時間 so far (from the first open or claim), to prefill the record. */
  elapsedMinutes: number;
  /** The click claimed the alert (nobody had pressed 対応開始). */
  newlyClaimed: boolean;
}

/**
 * A procedure button was pressed: checks this operator may work on the alert and the
 * reservation is still in the alert's status, claims the alert implicitly, and returns what the
 * procedure's form shows. Nothing is written when a check fails.
 */
export async function startOperation(
  { db, clock }: { db: Db; clock: Clock },
  {
    alertId,
    userId,
    kinds,
    at,
  }: {
    alertId: number;
    userId: string;
    kinds: readonly AlertKind[];
    /** When the button was pressed (the form shown from readOperation before this claim): 所要時間 counts from then. */
    at?: Date;
  },
): Promise<OperationStart> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = at ?? clock.now();
    const locked = await lockOpenAlert(repos, { alertId, userId, kinds });
    if (locked.replay) throw errors.alreadyResolved(locked.alert.resolvedBy);
    const reservation = await lockExpectedReservation(repos, locked.alert);
    const claimed = await claimImplicitly(repos, { alert: locked.alert, userId, at: now });
    // The first open is stamped once (a claim stamps it too): no second write when it is there.
    const alert = claimed.alert.firstOpenedAt ? claimed.alert : ((await repos.alerts.markOpened({ id: claimed.alert.id, at: now })) ?? claimed.alert);
    return operationStart(repos, { alert, reservation, now, newlyClaimed: claimed.newlyClaimed });
  });
}

/**
 * What a procedure's form shows, read without a transaction and without writing: the same checks as
 * startOperation (a failed one throws the same error), `newlyClaimed` as the click will find it.
 * The form is shown from this while startOperation claims the alert (issue 15: the form never
 * waits on the claim); a claim refused meanwhile replaces the form with the reason.
 */
export async function readOperation(
  { db, clock }: { db: Db; clock: Clock },
  { alertId, userId, kinds, at }: { alertId: number; userId: string; kinds: readonly AlertKind[]; at?: Date },
): Promise<OperationStart> {
  const repos = createRepositories({ db });
  const now = at ?? clock.now();
  const checked = await openAlert((id) => repos.alerts.findById(id), { alertId, userId, kinds });
  if (checked.replay) throw errors.alreadyResolved(checked.alert.resolvedBy);
  const reservation = await expectedReservation(checked.alert, (id) => repos.reservations.findById(id));
  return operationStart(repos, { alert: checked.alert, reservation, now, newlyClaimed: !checked.alert.assignee });
}

/** What the form shows, of an alert and its reservation as `now`. */
async function operationStart(
  repos: Repositories,
  { alert, reservation, now, newlyClaimed }: { alert: Alert; reservation: Reservation; now: Date; newlyClaimed: boolean },
): Promise<OperationStart> {
  // 所要時間 runs from the first open (or claim), whoever holds the alert now.
  const claimedAt = alert.firstOpenedAt ?? alert.claimedAt ?? now;
  return { alert, reservation, shop: await shopOf(repos, alert, reservation), claimedAt, elapsedMinutes: elapsedMinutes(claimedAt, now), newlyClaimed };
}
