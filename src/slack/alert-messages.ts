import type { WebClient } from '@slack/web-api';
import type { AlertPoster } from '../alerts/dispatcher.js';
import type { Alert } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { repositories } from '../deps.js';
import { ALERT_METADATA_TYPE, buildAlertMessage } from '../views/alert-message.js';
import { loadAlertCard } from '../workflows/alert-card.js';

async function render(deps: AppDeps, alert: Alert) {
  const card = await loadAlertCard(repositories(deps.db), { alert });
  return buildAlertMessage(card!, { timeZone: deps.config.timezone, overrides: deps.config.alertOverrides });
}

/** Posts alerts to QRV_ALERTS_CHANNEL, tagged with metadata so a lost write can be recovered. */
export function createSlackAlertPoster(client: WebClient, deps: AppDeps): AlertPoster {
  return {
    async post(alert) {
      const message = await render(deps, alert);
      const res = await client.chat.postMessage({ channel: deps.config.alertsChannel, ...message, unfurl_links: false });
      return { channel: res.channel!, ts: res.ts! };
    },
    async findPosted(alert) {
      const res = await client.conversations.history({ channel: deps.config.alertsChannel, limit: 200, include_all_metadata: true });
      const found = res.messages?.find(
        (m) => m.metadata?.event_type === ALERT_METADATA_TYPE && Number((m.metadata.event_payload as { alert_id?: unknown } | undefined)?.alert_id) === alert.id,
      );
      const channel = (res as { channel?: string }).channel;
      return found?.ts ? { channel: channel ?? alert.slackChannel ?? deps.config.alertsChannel, ts: found.ts } : undefined;
    },
  };
}

/** Re-renders an alert's message in place (claim, outcome, overdue). */
export async function updateAlertMessage(client: WebClient, deps: AppDeps, alertId: number): Promise<void> {
  const alert = await repositories(deps.db).alerts.findById(alertId);
  if (!alert?.slackChannel || !alert.slackTs) return;
  const message = await render(deps, alert);
  await client.chat.update({ channel: alert.slackChannel, ts: alert.slackTs, ...message });
}

/** A note in the alert's thread. */
export async function postAlertThreadNote(client: WebClient, alert: Alert, text: string): Promise<void> {
  if (!alert.slackChannel || !alert.slackTs) return;
  await client.chat.postMessage({ channel: alert.slackChannel, thread_ts: alert.slackTs, text });
}
