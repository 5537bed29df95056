import type { WebClient } from '@slack/web-api';
import type { MaintenanceItem } from '../workflows/maintenance.js';
import { withMaintenanceDone } from '../views/maintenance.js';

/**
 * Re-renders the post the 完了を記録 button was clicked on, with the task's row showing its record
 * (the rest of the report stays as posted). The post is read back with conversations.history.
 */
export async function updateMaintenancePost(client: WebClient, post: { channel: string; ts: string }, item: MaintenanceItem, timeZone: string): Promise<void> {
  if (!post.channel || !post.ts) return;
  const res = await client.conversations.history({ channel: post.channel, latest: post.ts, oldest: post.ts, inclusive: true, limit: 1 });
  const message = res.messages?.find((m) => m.ts === post.ts) as { text?: string; blocks?: unknown[] } | undefined;
  if (!message?.blocks) return;
  await client.chat.update({ channel: post.channel, ts: post.ts, text: message.text ?? '', blocks: withMaintenanceDone(message.blocks, item, timeZone) });
}
