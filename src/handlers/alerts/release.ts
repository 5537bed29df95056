import { releaseAlert } from '../../workflows/handover.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** 担当を外す: the assignee gives the alert back (未対応); noted in the thread and the history. */
export async function handleRelease(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  await deps.operators.assertOperator(userId);
  const { alert } = await releaseAlert(deps, { alertId: alertIdOf(args), userId });
  await announceAlertChange(deps, alert);
}
