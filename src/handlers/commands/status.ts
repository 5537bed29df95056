import { repositories } from '../../deps.js';
import { buildClientReservations } from '../../views/client-reservations.js';
import { buildStatusCard } from '../../views/status-card.js';
import { findClientReservations, parseStatusQuery } from '../../workflows/client-lookup.js';
import type { ButtonArgs } from '../alerts/types.js';
import type { HandlerDeps } from '../context.js';
import type { Subcommand } from './index.js';

/**
 * `/qrv status QRV-XXXXXX`: the reservation card; `/qrv status 090-1234-5678` / `name@example.com`:
 * that client's reservations. Visible only to the caller (in the ack when quick).
 */
export const statusCommand: Subcommand = async ({ args, command, answer, deps }) => {
  const query = parseStatusQuery(args);
  if (query.kind === 'reservation') {
    const card = await deps.cards.load({ reservationId: query.id, viewer: { userId: command.user_id, via: 'status' } });
    await answer({ response_type: 'ephemeral', ...buildStatusCard(card, deps.config.timezone) });
    return;
  }
  const found = await findClientReservations(repositories(deps.db), { query });
  await answer({ response_type: 'ephemeral', ...buildClientReservations({ ...found, timeZone: deps.config.timezone }) });
};

/** カードを表示 on a line of a client's reservations: that reservation's card, to the clicking user only. */
export async function handleOpenCard(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const reservationId = args.action.value ?? '';
  const card = await deps.cards.load({ reservationId, viewer: { userId: args.body.user.id, via: 'status' } });
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...buildStatusCard(card, deps.config.timezone) });
}
