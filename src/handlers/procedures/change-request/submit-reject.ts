import { parseRecordOnly } from '../../../views/procedures/parse.js';
import { rejectChange } from '../../../workflows/change-request/decide.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

export async function handleChangeRejectSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseRecordOnly, (input, { meta, userId }) => ({
    finish: () => rejectChange(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
