import { runLogsCommand } from '../../logs/index.js';
import { uploadLogFile } from '../../slack/files.js';
import type { Subcommand } from './index.js';

/** `/qrv logs …`: Logs Insights presets (manual §6.2), answered after the ack. */
export const logsCommand: Subcommand = async ({ args, command, respond, client, deps }) => {
  await runLogsCommand({
    text: args,
    userId: command.user_id,
    channelId: command.channel_id,
    channelName: command.channel_name,
    shareChannels: [deps.config.alertsChannel, ...(deps.config.logs.shareChannels ?? [])],
    config: deps.config.logs,
    source: deps.logSource,
    respond,
    uploadFile: (file) => uploadLogFile(client, file),
    logger: deps.logger,
  });
};
