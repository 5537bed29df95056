import { claimAlert } from '../../workflows/claim-alert.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** 対応開始: the clicking operator takes the alert; the message shows 担当 and a note goes into the thread. */
export async function handleClaim(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const { alert, newlyClaimed } = await claimAlert(deps, { alertId: alertIdOf(args), userId });
  if (newlyClaimed) await announceAlertChange(deps, alert);
}
