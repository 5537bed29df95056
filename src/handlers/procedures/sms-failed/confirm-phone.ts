import { errors } from '../../../errors.js';
import { parseSmsPhoneConfirm } from '../../../views/procedures/sms-failed.js';
import { resendPaymentLink } from '../../../workflows/sms-failed/resend.js';
import type { HandlerDeps } from '../../context.js';
import { announceOutcome } from '../shared/announce.js';
import { operationDeps } from '../shared/deps.js';
import type { SubmitArgs } from '../shared/types.js';

/** 「この番号に送信します」 confirmed: the number replaces client_phone and the link goes by SMS. */
export async function handleSmsPhoneConfirm(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  if (!(await deps.operators.isOperator(userId))) throw errors.notOperator();
  const { meta, input } = parseSmsPhoneConfirm(args.view.private_metadata);
  const done = await resendPaymentLink(operationDeps(deps), { ...input, alertId: meta.alertId, userId });
  if (!done.replay) await announceOutcome(deps, done);
}
