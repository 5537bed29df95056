import type { Alert } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';

/**
 * An alert changed (claim, hand-over, 進捗メモ, 保留): the message is re-rendered and the thread
 * gets the change's note (from the history) by the alert-sync job; nothing here waits on Slack.
 */
export async function announceAlertChange(deps: Pick<AppDeps, 'alertSync' | 'dashboard'>, alert: Alert): Promise<void> {
  deps.dashboard.invalidate();
  await deps.alertSync.request(alert.id);
}
