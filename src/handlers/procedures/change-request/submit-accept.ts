import { parseChangeAccept } from '../../../views/procedures/change-request.js';
import type { FlowMetadata, FormValues } from '../../../views/procedures/form.js';
import { acceptChange } from '../../../workflows/change-request/decide.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

export async function handleChangeAcceptSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const parse = (values: FormValues, meta: FlowMetadata) => parseChangeAccept(values, meta, { now: deps.clock.now(), timeZone: deps.config.timezone });
  await submitProcedureForm(args, deps, parse, (input, { meta, userId }) => ({
    finish: () => acceptChange(operationDeps(deps), { ...input, alertId: meta.alertId, userId }),
  }));
}
