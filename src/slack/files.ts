import type { WebClient } from '@slack/web-api';
import type { LogsUpload } from '../logs/index.js';

/**
 * Uploads a log result: into the channel when shared, otherwise into the operator's direct
 * message with the bot, so it stays private like the ephemeral reply.
 */
export async function uploadLogFile(client: WebClient, file: LogsUpload): Promise<void> {
  let channel = file.channelId;
  if (!file.share) {
    const dm = await client.conversations.open({ users: file.userId });
    channel = dm.channel?.id ?? file.userId;
  }
  await client.files.uploadV2({
    channel_id: channel,
    filename: file.filename,
    title: file.title,
    content: file.content,
    initial_comment: file.initialComment,
  });
}
