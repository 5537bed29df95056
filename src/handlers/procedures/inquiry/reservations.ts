import { repositories } from '../../../deps.js';
import { buildClientReservations } from '../../../views/client-reservations.js';
import { buildStatusCard } from '../../../views/status-card.js';
import { inquiryReservations } from '../../../workflows/inquiry/reservations.js';
import { alertIdOf, type ButtonArgs } from '../../alerts/types.js';
import type { HandlerDeps } from '../../context.js';

/** 予約を確認: the one reservation's card, or the list of those matched, to the clicking user only. */
export async function handleInquiryReservations(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const found = await inquiryReservations(repositories(deps.db), { alertId: alertIdOf(args), userId: args.body.user.id });
  const timeZone = deps.config.timezone;
  const message = found.card ? buildStatusCard(found.card, timeZone) : buildClientReservations({ ...found.list, more: false, timeZone });
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
}
