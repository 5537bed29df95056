import { buildSmsFailedModal } from '../../../views/procedures/sms-failed.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 電話結果を記録: the registered number, its format, and the call's result. */
export async function handleOpenSmsFailed(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['sms_failed']), buildSmsFailedModal);
}
