import type { WebClient } from '@slack/web-api';
import type { Alert } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { formatClock } from '../../domain/time.js';
import { postAlertThreadNote, updateAlertMessage } from '../../slack/alert-messages.js';

/** The alert now has an operator: the message shows 担当 and the thread says who started when. */
export async function announceClaim(client: WebClient, deps: AppDeps, alert: Alert): Promise<void> {
  await updateAlertMessage(client, deps, alert.id);
  const at = formatClock(alert.claimedAt ?? deps.clock.now(), deps.config.timezone);
  await postAlertThreadNote(client, alert, `<@${alert.assignee}> さんが対応を開始しました（${at}）`);
}
