import { buildChangeRejectModal } from '../../../views/procedures/change-request.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 拒否: decline the shop and go on with the next one. */
export async function handleOpenChangeReject(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['change_request']), buildChangeRejectModal);
}
