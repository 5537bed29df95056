import { acknowledgeAlert } from '../../../workflows/acknowledge-alert.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { announceOutcome } from '../shared/announce.js';

/** 確認済み on a system alert: resolved with its record in one click. */
export async function handleAcknowledgeSystem(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const done = await acknowledgeAlert(deps, { alertId: alertIdOf(args), userId, kinds: ['system'] });
  if (!done.replay) await announceOutcome(deps, done);
}
