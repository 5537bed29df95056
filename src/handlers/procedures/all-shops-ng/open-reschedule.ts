import { buildRescheduleModal } from '../../../views/procedures/all-shops-ng/reschedule.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** B 日時変更を提案, chosen directly from the alert. */
export async function handleOpenReschedule(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['all_shops_ng']), (ctx) => buildRescheduleModal(ctx));
}
