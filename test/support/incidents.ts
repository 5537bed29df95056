import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { incidents } from '../../src/db/schema.js';
import type { StoredMessage } from '../../src/fake-slack/index.js';
import { ALERTS_CHANNEL, eventually, type BotHarness } from './bot.js';

/** The incident messages in #qrv-alerts, oldest first. */
export const incidentMessages = (h: BotHarness): StoredMessage[] => h.fake.messages(ALERTS_CHANNEL).filter((m) => m.text.startsWith('🚨 インシデント'));

/** `/qrv incident declare <text>` by `userId`: the incident message it posted (never an earlier one) and its row's ID. */
export async function declareIncident(t: { h: BotHarness; database: { db: Db } }, text: string, userId = 'U0SATO'): Promise<{ id: number; ts: string }> {
  const before = incidentMessages(t.h).length;
  await t.h.fake.sendSlashCommand({ command: '/qrv', text: `incident declare ${text}`, userId, channelId: ALERTS_CHANNEL });
  const message = await eventually(() => incidentMessages(t.h)[before]);
  const row = await eventually(async () => (await t.database.db.select().from(incidents).where(eq(incidents.slackTs, message.ts)))[0]);
  return { id: row.id, ts: message.ts };
}
