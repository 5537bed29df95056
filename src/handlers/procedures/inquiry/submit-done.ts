import { parseInquiryDone } from '../../../views/inquiry.js';
import { resolveInquiry } from '../../../workflows/inquiry/resolve.js';
import type { HandlerDeps } from '../../context.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** 対応済み submitted: the inquiry is resolved with what was answered; the record goes to the thread. */
export async function handleInquiryDoneSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseInquiryDone, (input, { meta, userId }) => ({
    finish: () => resolveInquiry(deps, { alertId: meta.alertId, userId, ...input }),
  }));
}
