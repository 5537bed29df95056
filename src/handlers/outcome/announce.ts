import type { Alert } from '../../db/schema.js';
import type { HandlerDeps } from '../context.js';

/** After a 要再対応 step committed: its sends are enqueued; the message and the thread follow (alert-sync job). */
export async function announceOutcomeStep(deps: HandlerDeps, alert: Alert, note: string): Promise<void> {
  await deps.alertSync.note(alert.id, note);
  await deps.delivery.enqueue({ alertId: alert.id });
}
