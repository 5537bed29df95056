import type { ModalView } from '@slack/types';
import { loadingModal } from '../../../views/procedures/blocks.js';
import type { FormContext } from '../../../views/procedures/context.js';
import type { OperationStart } from '../../../workflows/operation/start.js';
import { announceAlertChange } from '../../alerts/announce.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { refusalModal } from './refusal.js';

/**
 * A procedure button on an alert: opens a modal at once (the trigger_id expires in 3 s), then
 * starts the operation (checks, implicit claim) and shows its form as soon as that is read; the
 * claim's message update and thread note follow through the alert-sync job (in history order).
 * A refusal replaces the modal with the reason and reaches the operator through app.error as well.
 */
export async function openProcedureForm<S extends Pick<OperationStart, 'alert' | 'newlyClaimed'>>(
  args: ButtonArgs,
  deps: HandlerDeps,
  start: (input: { alertId: number; userId: string }) => Promise<S>,
  build: (ctx: Omit<FormContext, 'start'> & { start: S }) => ModalView,
): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const opened = await args.client.views.open({ trigger_id: args.body.trigger_id, view: loadingModal() });
  const viewId = opened.view!.id!;
  let started: S;
  try {
    started = await start({ alertId: alertIdOf(args), userId });
  } catch (error) {
    const channel = args.body.channel?.id ?? deps.config.alertsChannel;
    await args.client.views.update({ view_id: viewId, view: refusalModal(error, { alertId: alertIdOf(args), channel }) });
    throw error;
  }
  const channel = args.body.channel?.id ?? deps.config.alertsChannel;
  await args.client.views.update({ view_id: viewId, view: build({ start: started, timeZone: deps.config.timezone, channel }) });
  // The claim's message update and thread note come after, from the alert-sync job: the form never waits on them.
  if (started.newlyClaimed) await announceAlertChange(deps, started.alert);
}
