import type { WebClient } from '@slack/web-api';
import type { Alert, OperationRecord } from '../../../db/schema.js';
import { repositories } from '../../../deps.js';
import { postAlertThreadNote, updateAlertMessage } from '../../../slack/alert-messages.js';
import { inAlertOrder } from '../../../slack/alert-order.js';
import { buildRecordNote } from '../../../views/procedures/record-note.js';
import type { HandlerDeps } from '../../context.js';

/**
 * After a procedure's transaction committed: enqueues the jobs that send what it queued, shows
 * the outcome on the alert (✅ 完了, buttons removed) and posts the record with what is being
 * sent in the thread (each result follows in the thread when its job ends).
 */
export async function announceOutcome(client: WebClient, deps: HandlerDeps, done: { alert: Alert; record: OperationRecord }): Promise<void> {
  deps.dashboard.invalidate();
  await deps.delivery.enqueue({ alertId: done.alert.id });
  await inAlertOrder(done.alert.id, async () => {
    await updateAlertMessage(client, deps, done.alert.id);
    const outbox = await repositories(deps.db).outbox.listForAlert(done.alert.id);
    await postAlertThreadNote(client, done.alert, buildRecordNote(done.record, outbox, deps.config.timezone));
  });
}
