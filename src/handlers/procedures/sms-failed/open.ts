import { buildSmsFailedModal } from '../../../views/procedures/sms-failed.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 電話結果を記録: the registered number, its format, and the call's result. */
export async function handleOpenSmsFailed(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startOperation(deps, { ...input, kinds: ['sms_failed'] }), buildSmsFailedModal);
}
