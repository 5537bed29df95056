import { buildCancelModal } from '../../../views/procedures/all-shops-ng/cancel.js';
import { parseReschedule } from '../../../views/procedures/all-shops-ng/reschedule.js';
import { openedAtOf, type FlowMetadata, type FormValues } from '../../../views/procedures/form.js';
import { rescheduleReservation } from '../../../workflows/all-shops-ng/reschedule.js';
import { startOperation } from '../../../workflows/operation/start.js';
import type { HandlerDeps } from '../../context.js';
import { operationDeps } from '../shared/deps.js';
import { submitProcedureForm } from '../shared/submit.js';
import type { SubmitArgs } from '../shared/types.js';

/** B: accepted → new times and calling again; refused → the modal becomes C キャンセル処理. */
export async function handleRescheduleSubmit(args: SubmitArgs, deps: HandlerDeps): Promise<void> {
  const timeZone = deps.config.timezone;
  const parse = (values: FormValues, meta: FlowMetadata) => parseReschedule(values, meta, { now: deps.clock.now(), timeZone });
  await submitProcedureForm(args, deps, parse, (input, { meta, userId }) => {
    const path = meta.path ?? [];
    if (input.answer === 'accepted') return { finish: () => rescheduleReservation(operationDeps(deps), { ...input, path, calls: meta.calls ?? [], alertId: meta.alertId, userId }) };
    const refused = { s: 'B' as const, from: input.startsAt.toISOString(), to: input.endsAt.toISOString() };
    return {
      next: async () => {
        const start = await startOperation(deps, { alertId: meta.alertId, userId, kinds: ['all_shops_ng'], openedAt: openedAtOf(meta) });
        return buildCancelModal({ start, timeZone, channel: meta.channel }, [...path, refused], meta.calls ?? []);
      },
    };
  });
}
