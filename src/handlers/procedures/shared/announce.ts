import type { Alert } from '../../../db/schema.js';
import type { HandlerDeps } from '../../context.js';

/**
 * After a procedure's transaction committed: enqueues the jobs that send what it queued and the
 * alert-sync job that shows the outcome on the alert (✅ 完了, buttons removed) and posts the
 * record in the thread (each send's result follows in the thread when its job ends).
 */
export async function announceOutcome(deps: HandlerDeps, done: { alert: Alert }): Promise<void> {
  deps.dashboard.invalidate();
  await deps.alertSync.request(done.alert.id);
  await deps.delivery.enqueue({ alertId: done.alert.id });
}
