import type { WebClient } from '@slack/web-api';
import type { LogsUpload } from '../logs/index.js';
import { DomainError } from '../errors.js';

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

/** A CSV from a modal's file_input: at most this many bytes, within this time. */
export const DOWNLOAD_MAX_BYTES = 1_000_000;
export const DOWNLOAD_TIMEOUT_MS = 10_000;

/**
 * Downloads a file a user uploaded (url_private_download) with the bot token. A failure is a
 * DomainError naming its cause (SLACK_FILE_DOWNLOAD / SLACK_FILE_TOO_LARGE).
 */
export async function downloadSlackFile({ token, url, maxBytes = DOWNLOAD_MAX_BYTES, timeoutMs = DOWNLOAD_TIMEOUT_MS }: { token: string; url: string; maxBytes?: number; timeoutMs?: number }): Promise<string> {
  const tooLarge = () => new DomainError('SLACK_FILE_TOO_LARGE', `ファイルが大きすぎます（${Math.floor(maxBytes / 1000)}KBまで）。行を分けて取り込んでください。`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new DomainError('SLACK_FILE_DOWNLOAD', 'Slackからファイルを取得できませんでした。もう一度アップロードしてください。', { cause: String(cause) });
  }
  if (!res.ok || !res.body) {
    throw new DomainError('SLACK_FILE_DOWNLOAD', `Slackからファイルを取得できませんでした（HTTP ${res.status}）。もう一度アップロードしてください。`, { status: res.status });
  }
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
