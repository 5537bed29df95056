import { buildChangeAcceptModal } from '../../../views/procedures/change-request.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 承諾: the change as the shop asked, prefilled for the operator to confirm. */
export async function handleOpenChangeAccept(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['change_request']), buildChangeAcceptModal);
}
