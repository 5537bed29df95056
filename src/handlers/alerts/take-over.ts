import { buildTakeOverConfirm } from '../../views/handover.js';
import { takeOverAlert } from '../../workflows/handover.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/**
 * 引き継ぐ (on the alert or an escalation reminder): taken at once when nobody has it or it is
 * overdue; otherwise a confirmation modal naming the current assignee.
 */
export async function handleTakeOver(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  await deps.operators.assertOperator(userId);
  const alertId = alertIdOf(args);
  const result = await takeOverAlert({ ...deps, overrides: deps.config.alertOverrides }, { alertId, userId });
  if (result.done) {
    await announceAlertChange(deps, result.alert);
  } else if (result.needsConfirmation) {
    const channel = args.body.channel?.id ?? deps.config.alertsChannel;
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildTakeOverConfirm({ alertId, channel, from: result.assignee }) });
  }
}
