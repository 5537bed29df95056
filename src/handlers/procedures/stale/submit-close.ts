import { parseRecordOnly } from '../../../views/procedures/parse.js';
import { closeStaleAlert } from '../../../workflows/stale/close.js';
import type { HandlerDeps } from '../../context.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** 対応不要として完了: the reservation moved on; the alert is closed with its record, nothing else changes. */
export async function handleCloseStaleSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseRecordOnly, (input, { meta, userId }) => ({
    finish: () => closeStaleAlert(deps, { alertId: meta.alertId, userId, note: input.record.note }),
  }));
}
