import { buildAmbiguousNgModal } from '../../../views/procedures/ambiguous-answer.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 予約NG: confirm, then the next shop. */
export async function handleOpenAmbiguousNg(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['ambiguous_answer']), buildAmbiguousNgModal);
}
