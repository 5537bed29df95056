import { acknowledgeAlert } from '../../../workflows/acknowledge-alert.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';
import { announceOutcome } from '../shared/announce.js';

/** 確認済み (manual §3.3): one click resolves it with its record; the guidance stays in the thread. */
export async function handleAcknowledgePaymentExpired(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const done = await acknowledgeAlert(deps, { alertId: alertIdOf(args), userId, kinds: ['payment_expired'] });
  if (!done.replay) await announceOutcome(deps, done);
}
