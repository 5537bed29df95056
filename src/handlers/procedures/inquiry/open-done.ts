import { buildInquiryDoneModal } from '../../../views/inquiry.js';
import { startInquiry } from '../../../workflows/inquiry/resolve.js';
import type { ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { openProcedureForm } from '../shared/open.js';

/** 対応済み on an inquiry: what was answered, and 所要時間. */
export async function handleOpenInquiryDone(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openProcedureForm(args, deps, (input) => startInquiry(deps, input), buildInquiryDoneModal);
}
