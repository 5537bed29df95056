import { parseManualRefund } from '../../views/outcome-modals.js';
import type { FormValues } from '../../views/procedures/form.js';
import { escapeMrkdwn } from '../../views/text.js';
import { recordManualRefund } from '../../workflows/outcome/manual-refund.js';
import type { HandlerDeps } from '../context.js';
import { readSubmission } from './submission.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import { announceOutcomeStep } from './announce.js';

/** The refund recorded as done by hand, with the reason; the alert becomes ✅ 完了. */
export async function handleManualRefundSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = args.body.user.id;
  const meta = await readSubmission(args, deps);
  const parsed = parseManualRefund(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  await args.ack();
  const { alert, cancelled } = await recordManualRefund(deps, { alertId: meta.alertId, userId, reason: parsed.value.reason });
  const status = cancelled ? '予約をキャンセルしました（cancelled）。' : '予約のステータスは変更していません。';
  await announceOutcomeStep(deps, alert, `💴 <@${userId}> さんが返金を手動で完了として記録しました（理由: ${escapeMrkdwn(parsed.value.reason)}）。${status}`);
}
