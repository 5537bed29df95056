import { repositories } from '../../deps.js';
import { errors } from '../../errors.js';
import { runReservationLogSearch } from '../../logs/index.js';
import { uploadLogFile } from '../../slack/files.js';
import type { HandlerDeps } from '../context.js';
import { alertIdOf, type ButtonArgs } from './types.js';

/** ログを見る: the reservation search of manual §6.2 for the alert's reservation, only to the clicking user. */
export async function handleLogs(args: ButtonArgs, deps: HandlerDeps): Promise<void> {
  await args.ack();
  const userId = args.body.user.id;
  const alert = await repositories(deps.db).alerts.findById(alertIdOf(args));
  if (!alert?.reservationId) throw errors.alertNotFound(alertIdOf(args));
  await runReservationLogSearch({
    reservationId: alert.reservationId,
    userId,
    channelId: args.body.channel?.id ?? '',
    config: deps.config.logs,
    source: deps.logSource,
    respond: args.respond,
    uploadFile: (file) => uploadLogFile(args.client, file),
    logger: deps.logger,
  });
}
