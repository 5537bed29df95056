import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import type { JsonObject } from '../../src/fake-slack/types.js';
import { OMITTED } from '../../src/views/text.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { coreRaisesAlert } from '../support/seed.js';

const t = useBotTest();

async function waitPosted(alertId: number) {
  return eventually(async () => {
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    return row?.slackTs ? row : undefined;
  }, 10_000);
}

const headerOf = (m: JsonObject): string => (m.attachments[0].blocks as JsonObject[]).find((b) => b.type === 'header')!.text.text;

describe('a system alert with a hostile title', () => {
  it('<!channel> and a disguised link stay inert in the message text, the fallback and the body', async () => {
    await t.h.start();
    const title = '<!channel> 至急 <https://evil.example|Stripeダッシュボード>';
    const id = await coreRaisesAlert(t.database.db, 'system', null, { severity: 'critical', title, body: '<@U0BOSS> <!here>' });
    const row = await waitPosted(id);
    const message = t.h.fake.message(ALERTS_CHANNEL, row.slackTs!)!;
    // The header is plain_text (Slack never parses mentions or links there); everything else is mrkdwn.
    const header = message.attachments[0].blocks.find((b: { type: string }) => b.type === 'header');
    expect(header.text.type).toBe('plain_text');
    const everything = JSON.stringify({ ...message, attachments: [{ ...message.attachments[0], blocks: message.attachments[0].blocks.filter((b: unknown) => b !== header) }] });
    expect(message.text).toBe('&lt;!channel&gt; 至急 &lt;https://evil.example|Stripeダッシュボード&gt;');
    expect(everything).not.toMatch(/<!channel>|<!here>|<@U0BOSS>|<https:\/\/evil/);
  });

  it('a 1 MB title is posted cut to Slack\'s limits, marked 「…（省略）」', async () => {
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'system', null, { severity: 'critical', title: `障害${'あ'.repeat(1_000_000)}` });
    const row = await waitPosted(id);
    expect(row.postAttempts).toBe(1);
    const message = t.h.fake.message(ALERTS_CHANNEL, row.slackTs!)!;
    expect(headerOf(message).length).toBeLessThanOrEqual(150);
    expect(headerOf(message).endsWith(OMITTED)).toBe(true);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    // afterEach: the fake Slack saw no limit violation.
  });
});

describe('a payload Slack refuses anyway', () => {
  it('is replaced by the minimal fallback (title, reservation, deadline), logged, and not retried', async () => {
    t.h.fake.failNext('chat.postMessage', { error: 'msg_too_long' });
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'system', null, { severity: 'critical', title: 'DB 接続断' });
    const row = await waitPosted(id);
    expect(row.postAttempts).toBe(1);
    expect(row.postError).toBeNull();
    const message = t.h.fake.message(ALERTS_CHANNEL, row.slackTs!)!;
    expect(message.text).toContain('DB 接続断');
    expect(message.text).toContain('予約ID: （なし）');
    expect(message.text).toMatch(/対応期限: 即座（\d+月\d+日 \d\d:\d\d） · #\d+/);
    expect(t.h.logs().some((l) => l.msg === 'Slack refused the alert message; sent the minimal fallback')).toBe(true);
  });
});

describe('finding an earlier post after a crash', () => {
  it('a message with qrv_alert metadata posted by someone else is not adopted', async () => {
    t.h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const bot = await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'system', null, { title: '偽装テスト' });
    await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]?.postError);
    const forged = { type: 'message', ts: '1700000000.000100', user: 'U0MALLORY', text: 'fake', metadata: { event_type: 'qrv_alert', event_payload: { alert_id: id } } };
    t.h.fake.handle('conversations.history', () => ({ ok: true, channel: t.h.fake.channelId(ALERTS_CHANNEL), messages: [forged] }));
    await t.database.db.update(alerts).set({ postLeaseUntil: null }).where(eq(alerts.id, id));
    await bot.dispatcher.drain();
    const row = await waitPosted(id);
    expect(row.slackTs).not.toBe(forged.ts);
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(1);
  });
});
