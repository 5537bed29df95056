import type { ModalView } from '@slack/types';
import type { Alert, OperationRecord } from '../../../db/schema.js';
import { decodeMetadata, type FlowMetadata, type FormValues, type Parsed } from '../../../views/procedures/form.js';
import type { HandlerDeps } from '../../context.js';
import { announceOutcome } from './announce.js';
import { appliedModal, processingModal } from '../../../views/procedures/blocks.js';
import { fieldErrorOf, refusalModal, submitRefusalModal } from './refusal.js';
import type { SubmitArgs } from './types.js';
import { ACK_WITHIN_MS, settle, within } from '../../ack-budget.js';

type Finished = { replay: true } | { replay: false; alert: Alert; record: OperationRecord };

/** What a valid submission leads to: the flow's next form, or the procedure's end. */
export type Step = { next: () => Promise<ModalView> } | { finish: () => Promise<Finished> };

/**
 * A procedure's modal was submitted. Bad input: field errors in the modal, nothing written.
 * A next step: the modal turns into its form. The end: the workflow commits first, and only then
 * is the submission acknowledged (the modal closes); a refusal it could foresee is a field error,
 * another refusal replaces the modal with its reason (and reaches the operator through app.error).
 * A commit slower than 2 s: the modal says 処理中, then shows the outcome. After the commit the
 * alert message and thread follow through the alert-sync job.
 */
export async function submitProcedureForm<I>(
  args: SubmitArgs,
  deps: HandlerDeps,
  parse: (values: FormValues, meta: FlowMetadata) => Parsed<I>,
  step: (input: I, ctx: { meta: FlowMetadata; userId: string }) => Step,
): Promise<void> {
  const userId = args.body.user.id;
  let meta: FlowMetadata;
  try {
    meta = decodeMetadata(args.view.private_metadata);
  } catch (error) {
    await args.ack();
    throw error;
  }
  const values = args.view.state.values as FormValues;
  const parsed = parse(values, meta);
  if (!parsed.ok) {
    await args.ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  const where = { alertId: meta.alertId, channel: meta.channel };
  const next = step(parsed.value, { meta, userId });
  if ('next' in next) {
    const view = await next.next().catch(async (error: unknown) => {
      await args.ack({ response_action: 'update', view: refusalModal(error, where) });
      throw error;
    });
    await args.ack({ response_action: 'update', view });
    return;
  }
  const finishing = settle(next.finish());
  const early = await within(finishing, ACK_WITHIN_MS);
  if (!early) await args.ack({ response_action: 'update', view: processingModal() });
  const done = early ?? (await finishing);
  if (!done.ok) {
    const fieldErrors = early ? fieldErrorOf(done.error, values) : undefined;
    if (fieldErrors) return void (await args.ack({ response_action: 'errors', errors: fieldErrors }));
    if (early) await args.ack({ response_action: 'update', view: submitRefusalModal(done.error, where) });
    else await args.client.views.update({ view_id: args.view.id, view: submitRefusalModal(done.error, where) });
    throw done.error;
  }
  if (early) await args.ack();
  else await args.client.views.update({ view_id: args.view.id, view: appliedModal() });
  if (!done.value.replay) await announceOutcome(deps, done.value);
}
