import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { buildEscalationReminder } from '../views/escalation.js';
import type { EscalationNotifier } from '../workflows/escalate-alerts.js';
import { handoverNotes } from '../views/handover.js';
import type { HoldNotifier } from '../workflows/progress.js';
import { postAlertThreadNote, updateAlertMessage } from './alert-messages.js';

/** Reminds in the alert's thread, mentioning the operators, and re-renders it marked 期限超過. */
export function createEscalationNotifier(client: WebClient, deps: AppDeps): EscalationNotifier {
  return {
    async remind({ alert, level, spec, deadline }) {
      const reminder = buildEscalationReminder({
        level, spec, deadline, assignee: alert.assignee, operators: deps.config.operators, timeZone: deps.config.timezone, alertId: alert.id,
      });
      await client.chat.postMessage({ channel: alert.slackChannel!, thread_ts: alert.slackTs!, ...reminder });
      await updateAlertMessage(client, deps, alert.id);
    },
  };
}

/** At the end of a 保留: reminds the assignee in the thread and re-renders the message (保留中 gone). */
export function createHoldNotifier(client: WebClient, deps: AppDeps): HoldNotifier {
  return {
    async holdEnded({ alert, until, reason }) {
      await postAlertThreadNote(client, alert, handoverNotes.holdEnded(alert.assignee, until, reason, deps.config.timezone));
      await updateAlertMessage(client, deps, alert.id);
    },
  };
}
