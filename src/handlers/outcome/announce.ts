import type { WebClient } from '@slack/web-api';
import type { Alert } from '../../db/schema.js';
import { postAlertThreadNote, updateAlertMessage } from '../../slack/alert-messages.js';
import type { HandlerDeps } from '../context.js';

/** After a 要再対応 step committed: its sends are enqueued, the message re-rendered, the thread told. */
export async function announceOutcomeStep(client: WebClient, deps: HandlerDeps, alert: Alert, note: string): Promise<void> {
  await deps.delivery.enqueue({ alertId: alert.id });
  await updateAlertMessage(client, deps, alert.id);
  await postAlertThreadNote(client, alert, note);
}
