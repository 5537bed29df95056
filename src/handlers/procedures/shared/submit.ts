import type { ModalView } from '@slack/types';
import type { Alert, OperationRecord } from '../../../db/schema.js';
import { decodeMetadata, type FlowMetadata, type FormValues, type Parsed } from '../../../views/procedures/form.js';
import type { HandlerDeps } from '../../context.js';
import { announceOutcome } from './announce.js';
import { refusalModal } from './refusal.js';
import type { SubmitArgs } from './types.js';

type Finished = { replay: true } | { replay: false; alert: Alert; record: OperationRecord };

/** What a valid submission leads to: the flow's next form, or the procedure's end. */
export type Step = { next: () => Promise<ModalView> } | { finish: () => Promise<Finished> };

/**
 * A procedure's modal was submitted. Bad input: field errors in the modal, nothing written.
 * A next step: the modal turns into its form. The end: the modal closes, the workflow runs
 * (its domain errors reach the operator through app.error), then the outcome is announced.
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
  const parsed = parse(args.view.state.values as FormValues, meta);
  if (!parsed.ok) {
    await args.ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  const next = step(parsed.value, { meta, userId });
  if ('next' in next) {
    const view = await next.next().catch(async (error: unknown) => {
      await args.ack({ response_action: 'update', view: refusalModal(error, { alertId: meta.alertId, channel: meta.channel }) });
      throw error;
    });
    await args.ack({ response_action: 'update', view });
    return;
  }
  await args.ack();
  const done = await next.finish();
  if (!done.replay) await announceOutcome(args.client, deps, done);
}
