import type { WebClient } from '@slack/web-api';
import type { Alert } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { formatClock } from '../../domain/time.js';
import { postAlertThreadNote, updateAlertMessage } from '../../slack/alert-messages.js';
import { inAlertOrder } from '../../slack/alert-order.js';

/** The alert now has an operator: the message shows 担当 and the thread says who started when. */
export function announceClaim(client: WebClient, deps: AppDeps, alert: Alert): Promise<void> {
  deps.dashboard.invalidate();
  const at = formatClock(alert.claimedAt ?? deps.clock.now(), deps.config.timezone);
  return inAlertOrder(alert.id, async () => {
    await updateAlertMessage(client, deps, alert.id);
    await postAlertThreadNote(client, alert, `<@${alert.assignee}> さんが対応を開始しました（${at}）`);
  });
}

/** A hand-over or progress step committed: the message is re-rendered and the thread says what happened. */
export async function announceAlertChange(client: WebClient, deps: AppDeps, alert: Alert, note: string): Promise<void> {
  await updateAlertMessage(client, deps, alert.id);
  await postAlertThreadNote(client, alert, note);
}
