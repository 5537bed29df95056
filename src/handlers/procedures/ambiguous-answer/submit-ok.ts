import { parseAmbiguousOk } from '../../../views/procedures/ambiguous-answer.js';
import { confirmAmbiguousShop } from '../../../workflows/ambiguous-answer/decide.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

export async function handleAmbiguousOkSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseAmbiguousOk, (input, { meta, userId }) => ({
    finish: () => confirmAmbiguousShop(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
