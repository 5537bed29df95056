import { errors } from '../../errors.js';
import { decodeHandover, NOT_OPERATOR_FIELD_ERROR, parseReassign } from '../../views/handover.js';
import type { FormValues } from '../../views/procedures/form.js';
import { reassignAlert } from '../../workflows/handover.js';
import type { SubmitArgs } from '../procedures/shared/types.js';
import type { HandlerDeps } from '../context.js';
import { announceAlertChange } from './announce.js';
import { HANDOVER_FIELDS } from '../../views/ids/alerts.js';

/** 担当者を変更 submitted: someone outside QRV_OPERATORS is a field error; otherwise a compare-and-set. */
export async function handleReassignSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const userId = args.body.user.id;
  if (!(await deps.operators.isOperator(userId))) {
    await args.ack();
    throw errors.notOperator();
  }
  const parsed = parseReassign(args.view.state.values as FormValues);
  if (!parsed.ok) return void (await args.ack({ response_action: 'errors', errors: parsed.errors }));
  if (!(await deps.operators.isOperator(parsed.value.to))) {
    return void (await args.ack({ response_action: 'errors', errors: { [HANDOVER_FIELDS.assignee]: NOT_OPERATOR_FIELD_ERROR } }));
  }
  await args.ack();
  const meta = decodeHandover(args.view.private_metadata);
  const { alert } = await reassignAlert(deps, { alertId: meta.alertId, userId, to: parsed.value.to, expectedFrom: meta.from });
  await announceAlertChange(deps, alert);
}
