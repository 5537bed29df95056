import { failureLines } from '../../delivery/outcome.js';
import { buildContactModal } from '../../views/outcome-modals.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import { openOutcomeForm } from './open.js';

/** 番号を訂正 / Emailで送信: what failed and the other contact. */
export async function handleOpenContact(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await openOutcomeForm(args, deps, ({ reservation, outbox }, meta) =>
    buildContactModal({ meta, reservation: reservation!, failure: failureLines(outbox).join('\n'), timeZone: deps.config.timezone }),
  );
}
