import { repositories } from '../../deps.js';
import { errors } from '../../errors.js';
import { buildHoldModal, buildProgressModal } from '../../views/handover.js';
import type { HandlerDeps } from '../context.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** 進捗メモ or 保留 pressed: the modal, remembering the alert (nothing written yet). */
async function openFor(args: ButtonArgs, deps: HandlerDeps, kind: 'progress' | 'hold'): Promise<void> {
  await args.ack();
  await deps.operators.assertOperator(args.body.user.id);
  const alert = await repositories(deps.db).alerts.findById(alertIdOf(args));
  if (!alert) throw errors.alertNotFound(alertIdOf(args));
  if (alert.resolvedAt) throw errors.alreadyResolved(alert.resolvedBy);
  const meta = { alertId: alert.id, channel: args.body.channel?.id ?? deps.config.alertsChannel, from: alert.assignee };
  const view = kind === 'progress' ? buildProgressModal(meta) : buildHoldModal(meta, { now: deps.clock.now(), timeZone: deps.config.timezone });
  await args.client.views.open({ trigger_id: args.body.trigger_id, view });
}

export const handleOpenProgress = (args: ButtonArgs, deps: HandlerDeps) => openFor(args, deps, 'progress');
export const handleOpenHold = (args: ButtonArgs, deps: HandlerDeps) => openFor(args, deps, 'hold');
