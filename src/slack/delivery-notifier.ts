import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import type { DeliveryEvent, DeliveryNotifier } from '../delivery/types.js';
import { messageLine, refundLine } from '../views/procedures/record-note.js';
import { escapeMrkdwn } from '../views/text.js';
import { postAlertThreadNote } from './alert-messages.js';

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

/** Tells the operator in the alert's thread what became of what the procedure queued. */
export function createSlackDeliveryNotifier(client: WebClient, deps: Pick<AppDeps, 'db' | 'config'>): DeliveryNotifier {
  return {
    async finished(event) {
      const alertId = event.kind === 'message' ? event.message.alertId : event.refund.alertId;
      if (!alertId) return;
      const alert = await repositories(deps.db).alerts.findById(alertId);
      if (alert) await postAlertThreadNote(client, alert, deliveryNote(event, deps.config.timezone));
    },
  };
}
