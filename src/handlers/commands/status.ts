import { repositories } from '../../deps.js';
import { buildStatusCard } from '../../views/status-card.js';
import { loadReservationCard, parseReservationId } from '../../workflows/reservation-card.js';
import type { Subcommand } from './index.js';

/** `/qrv status QRV-XXXXXX`: the reservation card, visible only to the caller (in the ack when quick). */
export const statusCommand: Subcommand = async ({ args, command, answer, deps }) => {
  const reservationId = parseReservationId(args);
  const card = await loadReservationCard(repositories(deps.db), { reservationId, viewer: { userId: command.user_id, via: 'status' } });
  await answer({ response_type: 'ephemeral', ...buildStatusCard(card, deps.config.timezone) });
};
