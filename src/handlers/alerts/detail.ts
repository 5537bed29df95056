import { repositories } from '../../deps.js';
import { errors } from '../../errors.js';
import { buildStatusCard } from '../../views/status-card.js';
import type { HandlerDeps } from '../context.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** 詳細: the reservation card of the alert, visible only to the clicking user. */
export async function handleDetail(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const repos = repositories(deps.db);
  const alertId = alertIdOf(args);
  // Batched across callers (findInContext): a burst of 詳細 reads its alerts in a few statements and
  // reaches the card's shared reading together.
  const alert = (await repos.alerts.findInContext(alertId))?.alert;
  if (!alert) throw errors.alertNotFound(alertId);
  if (!alert.reservationId) {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: 'このアラートには予約がありません（システムアラート）。' });
    return;
  }
  const card = await deps.cards.load({ reservationId: alert.reservationId, viewer: { userId: args.body.user.id, via: 'detail', alertId } });
  await args.respond({ response_type: 'ephemeral', replace_original: false, ...buildStatusCard(card, deps.config.timezone) });
}
