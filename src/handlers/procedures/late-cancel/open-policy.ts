import { buildPolicyCancelModal } from '../../../views/procedures/late-cancel.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 特別な事情なし: explain the policy; no refund. */
export async function handleOpenPolicyCancel(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startOperation(deps, { ...input, kinds: ['late_cancel'] }), buildPolicyCancelModal);
}
