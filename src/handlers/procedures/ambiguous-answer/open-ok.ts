import { buildAmbiguousOkModal } from '../../../views/procedures/ambiguous-answer.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 予約OK: confirm, then calling_success and the payment link. */
export async function handleOpenAmbiguousOk(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startOperation(deps, { ...input, kinds: ['ambiguous_answer'] }), buildAmbiguousOkModal);
}
