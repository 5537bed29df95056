import type { Db } from '../../db/client.js';
import type { Alert, Reservation, Shop } from '../../db/schema.js';
import type { AlertKind } from '../../domain/alert-kinds.js';
import type { Clock } from '../../domain/clock.js';
import { errors, isDomainError } from '../../errors.js';
import { createRepositories } from '../../repositories/index.js';
import type { Repositories } from '../../repositories/index.js';
import { claimImplicitly, elapsedMinutes, expectedReservation, lockExpectedReservation, lockOpenAlert, openAlert, startedAt } from './guard.js';
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
  /** When this form was opened (the button was pressed): a submission that claims the alert counts 所要時間 from then. */
  openedAt: Date;
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
  input: ClaimInput,
): Promise<OperationStart> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = input.at ?? clock.now();
    const claimed = await claimIn(repos, input, now);
    return formData({ ...claimed, now, shop: await shopOf(repos, claimed.alert, claimed.reservation) });
  });
}

/**
 * The claim of a form already shown from readOperation: startOperation's checks and writes in one
 * transaction, without reading the form's data again (the shop).
 */
export async function claimOperation({ db, clock }: { db: Db; clock: Clock }, input: ClaimInput): Promise<Pick<OperationStart, 'alert' | 'newlyClaimed'>> {
  try {
    return await db.transaction(async (tx) => {
      const { alert, newlyClaimed } = await claimIn(createRepositories({ db: tx }), input, input.at ?? clock.now());
      return { alert, newlyClaimed };
    });
  } catch (error) {
    // The operator's own submission came first (under a burst the claim follows the form by up to
    // a second): it claimed the alert in its own transaction, and may have resolved it or changed
    // the reservation. Nothing is left to claim, and the operator's next modal stays. Its checks
    // (the compare-and-set) were made by the submission itself.
    if (isDomainError(error)) {
      const alert = await createRepositories({ db }).alerts.findById(input.alertId);
      if (alert && (alert.resolvedBy === input.userId || (!alert.resolvedAt && alert.assignee === input.userId))) return { alert, newlyClaimed: false };
    }
    throw error;
  }
}

type ClaimInput = {
  alertId: number;
  userId: string;
  kinds: readonly AlertKind[];
  /** When the button was pressed (the form shown from readOperation before this claim): 所要時間 counts from then. */
  at?: Date;
  /**
   * A step of a flow already open (全店NG 全て断られた, B refused → C): when its first form was
   * opened. An alert never opened (that form's claim had not landed) is claimed and stamped as of then.
   */
  openedAt?: Date;
};

/** Locks the alert and its reservation, checks them, claims the alert implicitly and stamps its first open. */
async function claimIn(repos: Repositories, { alertId, userId, kinds, openedAt }: ClaimInput, now: Date) {
  const locked = await lockOpenAlert(repos, { alertId, userId, kinds });
  if (locked.replay) throw errors.alreadyResolved(locked.alert.resolvedBy);
  const reservation = await lockExpectedReservation(repos, locked.alert);
  const claimed = await claimImplicitly(repos, { alert: locked.alert, userId, at: now, openedAt });
  // The first open is stamped once (a claim stamps it too): no second write when it is there.
  const alert = claimed.alert.firstOpenedAt ? claimed.alert : ((await repos.alerts.markOpened({ id: claimed.alert.id, at: startedAt(locked.alert, openedAt, now) })) ?? claimed.alert);
  return { alert, reservation, newlyClaimed: claimed.newlyClaimed };
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
  // One statement: the alert, its reservation and its shop (a burst of clicks reads 200 forms at once).
  const found = await createRepositories({ db }).alerts.findInContext(alertId);
  const checked = await openAlert(async () => found?.alert, { alertId, userId, kinds });
  if (checked.replay) throw errors.alreadyResolved(checked.alert.resolvedBy);
  const reservation = await expectedReservation(checked.alert, async () => found?.reservation ?? undefined);
  return formData({ alert: checked.alert, reservation, shop: found?.shop ?? null, now: at ?? clock.now(), newlyClaimed: !checked.alert.assignee });
}

/** What the form shows, of an alert, its reservation and its shop as `now`. */
function formData({ alert, reservation, shop, now, newlyClaimed }: { alert: Alert; reservation: Reservation; shop: Shop | null; now: Date; newlyClaimed: boolean }): OperationStart {
  // 所要時間 runs from the first open (or claim), whoever holds the alert now.
  const claimedAt = alert.firstOpenedAt ?? alert.claimedAt ?? now;
  return { alert, reservation, shop, claimedAt, elapsedMinutes: elapsedMinutes(claimedAt, now), openedAt: now, newlyClaimed };
}
