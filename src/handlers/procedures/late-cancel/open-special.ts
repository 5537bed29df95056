import { buildSpecialCancelModal } from '../../../views/procedures/late-cancel.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 特別な事情あり: the reason and the shop's answer. */
export async function handleOpenSpecialCancel(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['late_cancel']), buildSpecialCancelModal);
}
