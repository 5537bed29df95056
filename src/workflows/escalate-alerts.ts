import type { Config } from '../config.js';
import type { Alert } from '../db/schema.js';
import { isAlertKind, resolveAlertKind, type ResolvedAlertKind } from '../domain/alert-kinds.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { EscalationsRepository } from '../repositories/escalations.js';

/** Tells the operators about an overdue alert (Slack: thread reminder, message marked 期限超過). */
export interface EscalationNotifier {
  remind(input: { alert: Alert; level: number; spec: ResolvedAlertKind; deadline: Date }): Promise<void>;
}

/** 0 before the deadline, 1 from the deadline, 2 from twice the deadline (counted from created_at). */
export function escalationLevelAt(alert: Pick<Alert, 'createdAt'>, deadlineMinutes: number, now: Date): number {
  const elapsed = now.getTime() - alert.createdAt.getTime();
  const deadline = deadlineMinutes * 60_000;
  if (elapsed >= 2 * deadline) return 2;
  if (elapsed >= deadline) return 1;
  return 0;
}

/**
 * The per-minute sweep: every posted, unresolved alert whose level is behind the clock is raised
 * by compare-and-set, and only the instance that raised it reminds. After downtime an alert
 * that passed both deadlines gets one reminder, the second one's.
 */
export async function escalateOverdueAlerts(deps: {
  escalations: EscalationsRepository;
  notifier: EscalationNotifier;
  clock: Clock;
  overrides: Config['alertOverrides'];
  logger: Logger;
  batch?: number;
}): Promise<Array<{ id: number; level: number }>> {
  const now = deps.clock.now();
  const done: Array<{ id: number; level: number }> = [];
  for (const alert of await deps.escalations.listCandidates(deps.batch ?? 500)) {
    const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', deps.overrides, alert.details);
    // 保留: the reminder waits until the hold's time (the hold sweep reminds the assignee then).
    if (alert.holdUntil && alert.holdUntil.getTime() > now.getTime()) continue;
    const level = escalationLevelAt(alert, spec.deadlineMinutes, now);
    if (level <= alert.escalationLevel) continue;
    const raised = await deps.escalations.raise({ id: alert.id, from: alert.escalationLevel, to: level, at: now });
    if (!raised) continue;
    const deadline = new Date(alert.createdAt.getTime() + spec.deadlineMinutes * 60_000);
    try {
      await deps.notifier.remind({ alert: raised, level, spec, deadline });
      done.push({ id: alert.id, level });
    } catch (error) {
      // Give the level back so that the next sweep tries again.
      deps.logger.error({ err: error, alertId: alert.id, level }, 'escalation reminder failed; will retry');
      await deps.escalations.raise({ id: alert.id, from: level, to: alert.escalationLevel, at: now }).catch(() => undefined);
    }
  }
  return done;
}
