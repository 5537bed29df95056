import { buildChangeRejectModal } from '../../../views/procedures/change-request.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 拒否: decline the shop and go on with the next one. */
export async function handleOpenChangeReject(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startOperation(deps, { ...input, kinds: ['change_request'] }), buildChangeRejectModal);
}
