import { buildAmbiguousOkModal } from '../../../views/procedures/ambiguous-answer.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm, operationSteps } from '../shared/open.js';

/** 予約OK: confirm, then calling_success and the payment link. */
export async function handleOpenAmbiguousOk(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, operationSteps(deps, ['ambiguous_answer']), buildAmbiguousOkModal);
}
