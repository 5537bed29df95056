import { failureLines } from '../../delivery/outcome.js';
import { yen } from '../../domain/client-messages.js';
import { buildManualRefundModal } from '../../views/outcome-modals.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import { openOutcomeForm } from './open.js';

/** 返金を手動で完了として記録: the failed refund, and a reason. */
export async function handleOpenManualRefund(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openOutcomeForm(args, deps, ({ outbox }, meta) =>
    buildManualRefundModal({ meta, failure: failureLines(outbox).join('\n'), amountLabel: yen(outbox.refunds.reduce((sum, r) => sum + (r.status === 'failed' ? r.amountJpy : 0), 0)) }),
  );
}
