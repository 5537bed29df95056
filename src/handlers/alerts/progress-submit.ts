import { errors } from '../../errors.js';
import { decodeHandover, parseHold, parseProgress } from '../../views/handover.js';
import type { FormValues } from '../../views/procedures/form.js';
import { addProgressNote, holdAlert } from '../../workflows/progress.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';

async function operatorOnly(args: SubmitArgs, deps: HandlerDeps): Promise<string> {
  const userId = args.body.user.id;
  if (!(await deps.operators.isOperator(userId))) {
    await args.ack();
    throw errors.notOperator();
  }
  return userId;
}

/** 進捗メモ submitted: into the history and the thread; the alert stays open. */
export async function handleProgressSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operatorOnly(args, deps);
  const parsed = parseProgress(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  await args.ack();
  const meta = decodeHandover(args.view.private_metadata);
  const { alert } = await addProgressNote(deps, { alertId: meta.alertId, userId, note: parsed.value.note });
  await announceAlertChange(deps, alert);
}

/** 保留 submitted: 保留中（HH:MMまで） on the alert, the reminder paused, a note in the thread. */
export async function handleHoldSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = await operatorOnly(args, deps);
  const ctx = { now: deps.clock.now(), timeZone: deps.config.timezone };
  const parsed = parseHold(args.view.state.values as FormValues, ctx);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  await args.ack();
  const meta = decodeHandover(args.view.private_metadata);
  const { alert } = await holdAlert(deps, { alertId: meta.alertId, userId, ...parsed.value });
  await announceAlertChange(deps, alert);
}
