import { parseCancel } from '../../../views/procedures/all-shops-ng/cancel.js';
import { cancelUnbookable } from '../../../workflows/all-shops-ng/cancel.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** C: with the client's consent, failed and the SMS 「現在、予約できませんでした」. */
export async function handleCancelSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseCancel, (input, { meta, userId }) => ({
    finish: () => cancelUnbookable(operationDeps(deps), { ...input, path: meta.path ?? [], calls: meta.calls ?? [], alertId: meta.alertId, userId }),
  }));
}
