import { parseSpecialCancel } from '../../../views/procedures/late-cancel.js';
import { decideSpecialCancellation } from '../../../workflows/late-cancel/decide.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

export async function handleSpecialCancelSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseSpecialCancel, (input, { meta, userId }) => ({
    finish: () => decideSpecialCancellation(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
