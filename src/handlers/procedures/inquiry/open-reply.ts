import { buildInquiryReplyModal } from '../../../views/inquiry.js';
import { replyDefaults } from '../../../workflows/inquiry/reply.js';
import { startInquiry } from '../../../workflows/inquiry/resolve.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 返信する on an inquiry: 宛先, 件名 and 本文 of the answer by e-mail. */
export async function handleOpenInquiryReply(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  const start = async (input: { alertId: number; userId: string }) => ({ ...(await startInquiry(deps, input)), defaults: await replyDefaults(deps, input.alertId) });
  await openProcedureForm(args, deps, start, buildInquiryReplyModal);
}
