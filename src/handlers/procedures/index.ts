import type { App } from '@slack/bolt';
import type { HandlerDeps } from '../context.js';
import { ALL_PROCEDURE_ACTION_IDS } from './ids.js';

/** The manual's procedures (§3). Until each flow lands, its buttons answer 未実装. */
export function registerProcedures(app: App, _deps: HandlerDeps): void {
  for (const actionId of ALL_PROCEDURE_ACTION_IDS) {
    app.action(actionId, async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: '未実装: この手順はまだ Slack から実行できません。' });
    });
  }
}
