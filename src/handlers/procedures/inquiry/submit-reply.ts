import { parseInquiryReply } from '../../../views/inquiry.js';
import { replyToInquiry } from '../../../workflows/inquiry/reply.js';
import type { HandlerDeps } from '../../context.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** 返信する submitted: the answer is queued and sent by SMTP after commit; the record goes to the thread. */
export async function handleInquiryReplySubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseInquiryReply, (input, { meta, userId }) => ({
    finish: () => replyToInquiry(deps, { alertId: meta.alertId, userId, ...input }),
  }));
}
