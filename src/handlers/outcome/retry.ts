import { retryDelivery } from '../../workflows/outcome/retry.js';
import { alertIdOf, type ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import { announceOutcomeStep } from './announce.js';

/** 再試行 (a permanent SMS failure asked for confirmation on the button): the failed sends again. */
export async function handleRetry(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  await deps.operators.assertOperator(userId);
  const { alert, rows } = await retryDelivery(deps, { alertId: alertIdOf(args), userId });
  await announceOutcomeStep(deps, alert, `🔁 <@${userId}> さんが再試行しました（${rows}件）。結果はこのスレッドに表示されます。`);
}
