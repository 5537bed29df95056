import { buildCancelModal } from '../../../views/procedures/all-shops-ng/cancel.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** C キャンセル処理, chosen directly from the alert. */
export async function handleOpenCancel(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['all_shops_ng']), (ctx) => buildCancelModal(ctx));
}
