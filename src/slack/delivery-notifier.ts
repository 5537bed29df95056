import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import type { DeliveryEvent, DeliveryNotifier } from '../delivery/types.js';
import { messageLine, refundLine } from '../views/procedures/record-note.js';
import { escapeMrkdwn } from '../views/text.js';
import type { OutboundMessage } from '../db/schema.js';
import { statusSmsNotes } from '../views/incident-sms.js';
import { finishStatusSms } from '../workflows/incident-sms.js';
import { postIncidentNote } from './incident-messages.js';

/** The line posted in the alert's thread when an outbox row reaches its end. Pure. */
export function deliveryNote(event: DeliveryEvent, timeZone: string): string {
  if (event.kind === 'message') {
    const sent = event.message.status === 'sent';
    const line = messageLine(event.message, event.link ? [event.link] : [], timeZone);
    return sent ? `📤 送信結果: ${line}` : `⚠️ <@${event.message.requestedBy}> 送信できませんでした: ${line}`;
  }
  const { refund, reservationStatus, statusMoved } = event;
  if (event.error) {
    return `⚠️ <@${refund.requestedBy}> 返金できませんでした: ${escapeMrkdwn(event.error)}\n予約のステータスは変更していません（${reservationStatus}）。Stripeダッシュボードで確認してください。`;
  }
  return `💴 ${refundLine(refund)}\n${statusMoved ? '予約をキャンセルしました（cancelled）。' : `予約のステータスは ${reservationStatus} のままです。`}`;
}

/** The thread line when the alert became 要再対応: the assignee is mentioned with what failed. Pure. */
export function needsActionNote(alert: { assignee: string | null; resolvedBy?: string | null; deliveryError: string | null }): string {
  const who = alert.assignee ?? alert.resolvedBy;
  const reasons = (alert.deliveryError ?? '理由不明').split('\n').map((l) => `• ${escapeMrkdwn(l)}`);
  return [`🔁 ${who ? `<@${who}> ` : ''}*要再対応*: 送信または返金が完了していません。`, ...reasons, 'アラートの「再試行」または別の方法（番号の訂正・Email・手動返金の記録）で対応してください。'].join('\n');
}

/** An incident's status SMS ended: a failure is named in the incident's thread; the last one brings the tally. */
async function incidentSmsFinished(client: WebClient, deps: AppDeps, message: OutboundMessage): Promise<void> {
  const found = await repositories(deps.db).incidents.find(message.incidentId!);
  if (!found) return;
  if (message.status === 'failed') await postIncidentNote(client, found.incident, statusSmsNotes.failed(message.reservationId, message.lastError));
  const tally = await finishStatusSms(deps, message.incidentId!);
  if (tally) await postIncidentNote(client, found.incident, statusSmsNotes.tally(tally));
}

/**
 * Tells the operator what became of what the procedure queued: the result goes into the thread
 * (after the record's note), a 要再対応 mentions the assignee, and the message is re-rendered
 * (✅ 完了 or 要再対応) — all through the alert-sync job.
 */
export function createSlackDeliveryNotifier(client: WebClient, deps: AppDeps): DeliveryNotifier {
  return {
    async finished(event) {
      if (event.kind === 'message' && event.message.incidentId) return incidentSmsFinished(client, deps, event.message);
      const alertId = event.kind === 'message' ? event.message.alertId : event.refund.alertId;
      if (!alertId) return;
      const notes = [deliveryNote(event, deps.config.timezone), ...(event.settled?.failed ? [needsActionNote(event.settled.alert)] : [])];
      await deps.alertSync.note(alertId, ...notes);
    },
  };
}
