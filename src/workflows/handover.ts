import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Alert } from '../db/schema.js';
import { isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';
import type { Clock } from '../domain/clock.js';
import { DomainError, errors } from '../errors.js';
import { createRepositories, type Repositories } from '../repositories/index.js';

export interface HandoverDeps {
  db: Db;
  clock: Clock;
  overrides: Config['alertOverrides'];
}

const handoverErrors = {
  notAssignee: (assignee: string | null) =>
    new DomainError(
      'NOT_ASSIGNEE',
      assignee ? `担当を外せるのは担当者（<@${assignee}>）だけです。代わりに「引き継ぐ」を使ってください。` : 'このアラートには担当者がいません。',
      { assignee },
    ),
  assigneeChanged: (assignee: string | null) =>
    new DomainError('ASSIGNEE_CHANGED', `担当者が変わりました（現在: ${assignee ? `<@${assignee}>` : '未対応'}）。アラートを確認してやり直してください。`, { assignee }),
  sameAssignee: (assignee: string) => new DomainError('SAME_ASSIGNEE', `<@${assignee}> さんはすでに担当者です。`, { assignee }),
};

/** Locks an open alert for the hand-over's transaction. */
async function lockOpen(repos: Repositories, alertId: number): Promise<Alert> {
  const alert = await repos.alerts.lock(alertId);
  if (!alert) throw errors.alertNotFound(alertId);
  if (alert.resolvedAt) throw errors.alreadyResolved(alert.resolvedBy);
  return alert;
}

/** Past its deadline (the one the message shows, QRV_ALERT_OVERRIDES applied). */
function isOverdue(alert: Alert, overrides: Config['alertOverrides'], now: Date): boolean {
  const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', overrides, alert.details);
  return now.getTime() >= alert.createdAt.getTime() + spec.deadlineMinutes * 60_000;
}

async function transfer(repos: Repositories, input: { alert: Alert; to: string | null; actor: string; at: Date; action: string; extra?: Record<string, unknown> }) {
  const { alert, to, actor, at } = input;
  const moved = await repos.alerts.transfer({ id: alert.id, from: alert.assignee, to, at });
  if (!moved) throw handoverErrors.assigneeChanged(alert.assignee);
  await repos.history.append({
    actor,
    action: input.action,
    alertId: alert.id,
    reservationId: alert.reservationId,
    before: { assignee: alert.assignee },
    after: { assignee: to, ...input.extra },
  });
  return moved;
}

/** 担当を外す: the assignee gives the alert back; it is 未対応 again. */
export async function releaseAlert({ db, clock }: Pick<HandoverDeps, 'db' | 'clock'>, { alertId, userId }: { alertId: number; userId: string }) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const alert = await lockOpen(repos, alertId);
    if (alert.assignee !== userId) throw handoverErrors.notAssignee(alert.assignee);
    return { alert: await transfer(repos, { alert, to: null, actor: userId, at: clock.now(), action: 'alert.released' }), previous: userId };
  });
}

export type TakeOverResult =
  | { done: true; alert: Alert; previous: string | null; reason: 'unassigned' | 'overdue' | 'confirmed' }
  | { done: false; needsConfirmation: true; assignee: string }
  | { done: false; needsConfirmation: false; alert: Alert };

/**
 * 引き継ぐ: another operator takes the alert. At once when nobody has it (released) or it is past
 * its deadline; otherwise only after a confirmation naming the current assignee (`confirmedFrom`
 * must still be the assignee: a compare-and-set).
 */
export async function takeOverAlert(
  { db, clock, overrides }: HandoverDeps,
  { alertId, userId, confirmedFrom }: { alertId: number; userId: string; confirmedFrom?: string },
): Promise<TakeOverResult> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const now = clock.now();
    const alert = await lockOpen(repos, alertId);
    if (alert.assignee === userId) return { done: false, needsConfirmation: false, alert };
    let reason: 'unassigned' | 'overdue' | 'confirmed';
    if (!alert.assignee) reason = 'unassigned';
    else if (isOverdue(alert, overrides, now)) reason = 'overdue';
    else if (confirmedFrom === undefined) return { done: false, needsConfirmation: true, assignee: alert.assignee };
    else if (confirmedFrom !== alert.assignee) throw handoverErrors.assigneeChanged(alert.assignee);
    else reason = 'confirmed';
    const moved = await transfer(repos, { alert, to: userId, actor: userId, at: now, action: 'alert.taken_over', extra: { reason } });
    return { done: true, alert: moved, previous: alert.assignee, reason };
  });
}

/**
 * 担当者を変更: an operator hands the alert to another operator (checked by the caller against
 * QRV_OPERATORS). `expectedFrom` is the assignee the operator saw: a compare-and-set.
 */
export async function reassignAlert(
  { db, clock }: Pick<HandoverDeps, 'db' | 'clock'>,
  { alertId, userId, to, expectedFrom }: { alertId: number; userId: string; to: string; expectedFrom: string | null },
) {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const alert = await lockOpen(repos, alertId);
    if (alert.assignee !== expectedFrom) throw handoverErrors.assigneeChanged(alert.assignee);
    if (alert.assignee === to) throw handoverErrors.sameAssignee(to);
    const moved = await transfer(repos, { alert, to, actor: userId, at: clock.now(), action: 'alert.reassigned' });
    return { alert: moved, previous: alert.assignee };
  });
}
