import { repositories } from '../../deps.js';
import { errors } from '../../errors.js';
import { buildReassignModal } from '../../views/handover.js';
import type { HandlerDeps } from '../context.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** 担当者を変更: opens the user picker, remembering who has the alert now. */
export async function handleOpenReassign(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  await deps.operators.assertOperator(args.body.user.id);
  const alert = await repositories(deps.db).alerts.findById(alertIdOf(args));
  if (!alert) throw errors.alertNotFound(alertIdOf(args));
  if (alert.resolvedAt) throw errors.alreadyResolved(alert.resolvedBy);
  const channel = args.body.channel?.id ?? deps.config.alertsChannel;
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildReassignModal({ alertId: alert.id, channel, from: alert.assignee }) });
}
