import type { Queryable } from '../db/client.js';
import type { Alert } from '../db/schema.js';
import { createRepositories } from '../repositories/index.js';

/** An alert that repeats an open one, and that open alert (its counter already bumped). */
export interface RepeatLink {
  original: Alert;
  repeat: Alert;
}

/**
 * One alert per problem (issue 9 item 6): an unposted alert whose reservation already has an
 * open (or 要再対応) alert of the same kind is linked to it (alerts.duplicate_of, the original's
 * alerts.repeats + 1) instead of being posted on its own; it is resolved with the original.
 * The original's row stays locked until the link commits, so a resolve in another instance
 * either waits and takes the repeat with it, or came first and the alert is posted as new.
 * A retry after a crash finds the link made and returns it without counting twice.
 */
export async function linkRepeatAlert({ db }: { db: Queryable }, input: { id: number; owner: string }): Promise<RepeatLink | undefined> {
  return db.transaction(async (tx) => {
    const repos = createRepositories({ db: tx });
    const alert = await repos.alerts.findById(input.id);
    if (!alert?.reservationId) return undefined;
    if (alert.duplicateOf !== null) {
      const original = await repos.alerts.findById(alert.duplicateOf);
      return original ? { original, repeat: alert } : undefined;
    }
    const open = await repos.alerts.lockOpenOriginal({ id: alert.id, kind: alert.kind, reservationId: alert.reservationId });
    if (!open) return undefined;
    const linked = await repos.alerts.linkRepeat({ id: alert.id, owner: input.owner, originalId: open.id });
    if (!linked) return undefined;
    await repos.history.append({
      actor: 'system',
      action: 'alert.repeated',
      alertId: open.id,
      reservationId: alert.reservationId,
      before: { repeats: open.repeats },
      after: { repeats: linked.original.repeats, repeatAlertId: alert.id },
    });
    return linked;
  });
}
