import { buildSmsPhoneConfirmModal, parseSmsFailed } from '../../../views/procedures/sms-failed.js';
import { resendPaymentLink } from '../../../workflows/sms-failed/resend.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** The payment link again: by e-mail at once; by SMS after the number is shown back (confirm-phone.ts). */
export async function handleSmsFailedSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await submitProcedureForm(args, deps, parseSmsFailed, (input, { meta, userId }) => {
    const contact = input.contact;
    if ('sms' in contact) return { next: async () => buildSmsPhoneConfirmModal(meta, { ...input, contact }) };
    return { finish: () => resendPaymentLink(operationDeps(deps), { ...input, alertId: meta.alertId, userId }) };
  });
}
