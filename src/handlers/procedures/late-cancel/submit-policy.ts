import { parseRecordOnly } from '../../../views/procedures/parse.js';
import { explainCancellationPolicy } from '../../../workflows/late-cancel/decide.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

export async function handlePolicyCancelSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseRecordOnly, (input, { meta, userId }) => ({
    finish: () => explainCancellationPolicy(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
