import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { updateMaintenancePost } from '../../slack/maintenance-post.js';
import { MAINTENANCE_NOTE_BLOCK, MAINTENANCE_NOTE_INPUT } from '../../views/ids/maintenance.js';
import { buildMaintenanceDoneModal, parseMaintenanceModalState, parseMaintenanceValue } from '../../views/maintenance.js';
import { recordMaintenanceDone } from '../../workflows/maintenance.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';

/** 完了を記録 (manual §8.2, §8.3): opens the small 完了 modal (メモ optional) for the task of the clicked post. */
export async function handleMaintenanceDone(args: ButtonArgs, _deps: HandlerDeps): Promise<void> {
  await args.ack();
  const post = { channel: args.body.channel?.id ?? '', ts: (args.body.message as { ts?: string } | undefined)?.ts ?? '' };
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildMaintenanceDoneModal({ ...parseMaintenanceValue(args.action.value), ...post }) });
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The 完了 modal: records who, when and the メモ, and the post shows 「✅ 完了（@user, 日時: メモ）」 in place of the button. */
export async function handleMaintenanceDoneSubmit({ ack, body, view, client }: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await ack();
  const state = parseMaintenanceModalState(view.private_metadata);
  const note = view.state.values[MAINTENANCE_NOTE_BLOCK]?.[MAINTENANCE_NOTE_INPUT]?.value ?? null;
  const item = await recordMaintenanceDone(deps, { task: state.task, period: state.period, userId: body.user.id, note });
  await updateMaintenancePost(client, state, item, deps.config.timezone);
}
