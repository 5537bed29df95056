import { decodeHandover } from '../../views/handover.js';
import { takeOverAlert } from '../../workflows/handover.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';

/** 引き継ぐ confirmed: taken only if the assignee named in the modal still has it. */
export async function handleTakeOverConfirm(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  await deps.operators.assertOperator(userId);
  const meta = decodeHandover(args.view.private_metadata);
  const result = await takeOverAlert({ ...deps, overrides: deps.config.alertOverrides }, { alertId: meta.alertId, userId, confirmedFrom: meta.from ?? '' });
  if (result.done) await announceAlertChange(deps, result.alert);
}
