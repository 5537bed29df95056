import { parseMaintenanceValue, withMaintenanceDone } from '../../views/maintenance.js';
import { recordMaintenanceDone } from '../../workflows/maintenance.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';

/** 完了を記録 (manual §8.2, §8.3): records who and when, and the report shows 「✅ 完了（@user, 日時）」 in place of the button. */
export async function handleMaintenanceDone(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const item = await recordMaintenanceDone(deps, { ...parseMaintenanceValue(args.action.value), userId: args.body.user.id });
  const message = args.body.message as { text?: string; blocks?: unknown[] } | undefined;
  if (!message?.blocks) return;
  await args.respond({ replace_original: true, text: message.text ?? '', blocks: withMaintenanceDone(message.blocks, item, deps.config.timezone) });
}
