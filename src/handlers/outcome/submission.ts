import { errors } from '../../errors.js';
import { decodeOutcomeMetadata, type OutcomeMetadata } from '../../views/outcome-modals.js';
import type { HandlerDeps } from '../context.js';
import type { SubmitArgs } from '../procedures/shared/types.js';

/** An operator's submission and its metadata; anything else is acked (closing the modal) and refused. */
export async function readSubmission(args: SubmitArgs, deps: HandlerDeps): Promise<OutcomeMetadata> {
  try {
    if (!(await deps.operators.isOperator(args.body.user.id))) throw errors.notOperator();
    return decodeOutcomeMetadata(args.view.private_metadata);
  } catch (error) {
    await args.ack();
    throw error;
  }
}
