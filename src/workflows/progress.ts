import type { Db } from '../db/client.js';
import type { Alert } from '../db/schema.js';
import type { Clock } from '../domain/clock.js';
import { DomainError, errors } from '../errors.js';
import type { AlertsRepository } from '../repositories/alerts.js';
import { createRepositories } from '../repositories/index.js';
import type { Logger } from '../logger.js';

const progressErrors = {
  holdInPast: () => new DomainError('HOLD_IN_PAST', '保留の期限は現在より後にしてください。'),
};

async function lockOpenFor(repos: ReturnType<typeof createRepositories>, alertId: number, userId: string): Promise<Alert> {
  const alert = await repos.alerts.lock(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  if (alert.resolvedAt) throw errors.alreadyResolved(alert.resolvedBy);
  if (alert.assignee && alert.assignee !== userId) throw errors.alreadyClaimed(alert.assignee);
  return alert;
}

/** Claims the alert for `userId` when nobody has it (progress is work on it). */
async function claimIfFree(repos: ReturnType<typeof createRepositories>, alert: Alert, userId: string, at: Date) {
  if (alert.assignee) return { alert, newlyClaimed: false };
  const claimed = await repos.alerts.claim({ id: alert.id, userId, at });
  if (!claimed) throw errors.alreadyClaimed('?');
  await repos.history.append({
    actor: userId, action: 'alert.claimed', alertId: alert.id, reservationId: alert.reservationId,
    before: { assignee: null }, after: { assignee: userId, claimedAt: at.toISOString(), implicit: true },
  });
  return { alert: claimed, newlyClaimed: true };
}

/** 進捗メモ: a note into the history (and the thread); the alert stays open and is the writer's. */
export async function addProgressNote({ db, clock }: { db: Db; clock: Clock }, { alertId, userId, note }: { alertId: number; userId: string; note: string }) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const claimed = await claimIfFree(repos, await lockOpenFor(repos, alertId, userId), userId, now);
    await repos.history.append({ actor: userId, action: 'alert.progress', alertId, reservationId: claimed.alert.reservationId, after: { note } });
    return claimed;
  });
}

/**
 * 保留: the alert waits until a time, for a reason (「依頼者に折り返し待ち」…). Its deadline
 * reminder pauses until then; at that time the assignee is reminded in the thread.
 */
export async function holdAlert(
  { db, clock }: { db: Db; clock: Clock },
  { alertId, userId, until, reason }: { alertId: number; userId: string; until: Date; reason: string },
) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    if (until.getTime() <= now.getTime()) throw progressErrors.holdInPast();
    const { alert: current, newlyClaimed } = await claimIfFree(repos, await lockOpenFor(repos, alertId, userId), userId, now);
    const held = await repos.alerts.setHold({ id: alertId, until, reason });
    if (!held) throw errors.alreadyResolved(null);
    await repos.history.append({
      actor: userId, action: 'alert.held', alertId, reservationId: current.reservationId,
      before: { holdUntil: current.holdUntil?.toISOString() ?? null }, after: { holdUntil: until.toISOString(), reason },
    });
    return { alert: held, newlyClaimed };
  });
}

/** Tells the assignee their 保留 time has come (Slack: a thread note and the message re-rendered). */
export interface HoldNotifier {
  holdEnded(input: { alert: Alert; until: Date; reason: string | null }): Promise<void>;
}

/**
 * The per-minute sweep: every open alert whose 保留 time has come is taken off hold by
 * compare-and-set (one instance wins) and its assignee reminded. A failed reminder puts the hold back.
 */
export async function endDueHolds(deps: { alerts: AlertsRepository; notifier: HoldNotifier; clock: Clock; logger: Logger }): Promise<number[]> {
  const now = deps.clock.now();
  const done: number[] = [];
  for (const alert of await deps.alerts.listDueHolds(now)) {
    const until = alert.holdUntil!;
    const ended = await deps.alerts.setHold({ id: alert.id, until: null, reason: null, expectedUntil: until });
    if (!ended) continue;
    try {
      await deps.notifier.holdEnded({ alert: ended, until, reason: alert.holdReason });
      done.push(alert.id);
    } catch (error) {
      deps.logger.error({ err: error, alertId: alert.id }, 'hold reminder failed; will retry');
      await deps.alerts.setHold({ id: alert.id, until, reason: alert.holdReason }).catch(() => undefined);
    }
  }
  return done;
}
