import { buildPolicyCancelModal } from '../../../views/procedures/late-cancel.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 特別な事情なし: explain the policy; no refund. */
export async function handleOpenPolicyCancel(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['late_cancel']), buildPolicyCancelModal);
}
