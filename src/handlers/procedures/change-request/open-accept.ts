import { buildChangeAcceptModal } from '../../../views/procedures/change-request.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 承諾: the change as the shop asked, prefilled for the operator to confirm. */
export async function handleOpenChangeAccept(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startOperation(deps, { ...input, kinds: ['change_request'] }), buildChangeAcceptModal);
}
