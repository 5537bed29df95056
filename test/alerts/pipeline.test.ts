import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { alerts } from '../../src/db/schema.js';
import type { StoredMessage } from '../../src/fake-slack/index.js';
import { PRIORITIES } from '../../src/domain/alert-kinds.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { type TestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();


const posted = () => t.h.fake.messages(ALERTS_CHANNEL);
const textOf = (message: StoredMessage) =>
  (message.attachments as Array<{ blocks: Array<{ text?: { text: string } }> }>)[0]!.blocks.map((b) => b.text?.text ?? '').join('\n');

async function waitPosted(alertId: number) {
  return eventually(async () => {
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    return row?.slackTs ? row : undefined;
  });
}

/** Waits for the first post to fail, then lets the retry run now instead of after its back-off. */
async function retryAfterFailedPost(bot: RunningBot, alertId: number) {
  await eventually(async () => {
    const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    return row?.postError ? row : undefined;
  });
  await t.database.db.update(alerts).set({ postLeaseUntil: null }).where(eq(alerts.id, alertId));
  await bot.dispatcher.drain();
}

describe('an alert raised by the QRV core', () => {
  it('全店NG is posted to #qrv-alerts with the manual fields, orange, 対応期限 1時間以内', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const row = await waitPosted(id);

    expect(posted()).toHaveLength(1);
    const message = posted()[0]!;
    expect(row.slackChannel).toBe(ALERTS_CHANNEL);
    expect(row.slackTs).toBe(message.ts);
    // The permalink is stored with the post, made from auth.test's workspace URL (no chat.getPermalink).
    expect(t.h.fake.callsTo('chat.getPermalink')).toHaveLength(0);
    const link = await new WebClient('xoxb-test-token', { slackApiUrl: t.h.fake.apiUrl }).chat.getPermalink({ channel: row.slackChannel!, message_ts: message.ts });
    expect(row.permalink).toBe(link.permalink);
    expect(message.attachments[0].color).toBe(PRIORITIES.high.color);
    const text = textOf(message);
    expect(text).toContain('【マニュアルオペレーション】全店NG');
    expect(text).toContain('予約ID: QRV-A1B2C3');
    expect(text).toContain('サービス: Aroma Massage');
    expect(text).toContain('日時: 1月30日 14:00-17:00');
    expect(text).toContain('住所: 東京都渋谷区道玄坂1-2-3');
    expect(text).toContain('依頼者電話: 080-1234-5678');
    expect(text).toContain('対応期限: 1時間以内');
    const buttons = message.attachments[0].blocks.find((b: { type: string }) => b.type === 'actions').elements.map(
      (e: { text: { text: string } }) => e.text.text,
    );
    expect(buttons).toEqual(['対応開始', 'A 未登録店舗に電話', 'B 日時変更を提案', 'C キャンセル処理', '詳細', 'ログを見る']);
  });

  it.each([
    ['sms_failed', 'critical', '【マニュアルオペレーション】SMS送信失敗', ['依頼者電話: 080-1234-5678', '対応期限: 30分以内（緊急）'], {}],
    ['ambiguous_answer', 'high', '【マニュアルオペレーション】曖昧な回答', ['提携店: 〇〇マッサージ店（SHOP-001）', '提携店電話: 03-1234-5678', '日時: 1月30日 14:00-17:00', '対応期限: 1時間以内'], { shop_id: 'SHOP-001' }],
    ['change_request', 'medium', '【マニュアルオペレーション】変更依頼', ['提携店: 〇〇マッサージ店（SHOP-001）', '変更内容: 希望時間を15:00→15:30に変更', '対応期限: 1時間以内'], { shop_id: 'SHOP-001', change: '希望時間を15:00→15:30に変更' }],
    ['late_cancel', 'medium', '【マニュアルオペレーション】期限超過キャンセル', ['キャンセル期限: 1月28日 14:00（超過', '対応期限: 2時間以内'], {}],
    ['payment_expired', 'low', '【情報】決済期限切れ', ['※自動キャンセル済み。問い合わせがあった場合のみ対応してください。', 'サービス: Aroma Massage'], {}],
  ] as const)('%s is posted once with its title, fields and colour', async (kind, priority, title, lines, details) => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db, { shopId: 'SHOP-001' });
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, kind, AROMA_RESERVATION.id, details);
    await waitPosted(id);
    expect(posted()).toHaveLength(1);
    const message = posted()[0]!;
    expect(message.attachments[0].color).toBe(PRIORITIES[priority].color);
    const text = textOf(message);
    expect(text).toContain(title);
    expect(text).toContain('予約ID: QRV-A1B2C3');
    for (const line of lines) expect(text).toContain(line);
  });

  it('a system alert takes its severity, title and body from details', async () => {
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'system', null, {
      severity: 'critical',
      title: '【緊急】CPU使用率が高い状態です',
      body: 'CPU使用率: 85%（5分間継続）\nサーバー: qrv-api-server-01',
    });
    await waitPosted(id);
    const message = posted()[0]!;
    expect(message.attachments[0].color).toBe(PRIORITIES.critical.color);
    const text = textOf(message);
    expect(text).toContain('【緊急】CPU使用率が高い状態です');
    expect(text).toContain('サーバー: qrv-api-server-01');
    expect(text).toContain('対応期限: 即座');
  });

  it('two bot instances on one database post each alert exactly once', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    // On PostgreSQL the second instance has its own connections, as a second process would.
    const secondDb = t.database.url ? await openDatabase({ url: t.database.url }) : t.database;
    const first = await t.h.start();
    const second = await t.h.start({ database: secondDb as TestDatabase });
    expect(first.dispatcher).not.toBe(second.dispatcher);
    const ids: number[] = [];
    // Twelve problems (system alerts have no reservation, so none repeats another; repeats: test/alerts/repeats.test.ts).
    for (let i = 0; i < 12; i++) ids.push(await coreRaisesAlert(t.database.db, 'system', null, { title: `障害 ${i}` }));
    for (const id of ids) await waitPosted(id);
    await Promise.all([first.dispatcher.drain(), second.dispatcher.drain()]);
    expect(posted()).toHaveLength(12);
    expect(t.h.fake.callsTo('chat.postMessage')).toHaveLength(12);
    const attempts = new Set((await t.database.db.select().from(alerts)).map((a) => a.postAttempts));
    expect(attempts).toEqual(new Set([1]));
    if (secondDb !== t.database) {
      await second.stop();
      await secondDb.close();
    }
  });

  it('an alert inserted while the bot was stopped is posted when it starts, and not again after a restart', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const bot = await t.h.start();
    await waitPosted(id);
    await bot.stop();
    await t.h.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(t.h.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a failed post is retried, and a message that reached Slack before a crash is found, not posted twice', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    t.h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const bot = await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    await retryAfterFailedPost(bot, id);
    const row = await waitPosted(id);
    expect(posted()).toHaveLength(1);
    expect(row.postAttempts).toBe(2);

    // Simulate a crash after chat.postMessage but before the ts was stored.
    await t.database.db.update(alerts).set({ slackTs: null, slackChannel: null, postLeaseUntil: null }).where(eq(alerts.id, id));
    await bot.dispatcher.drain();
    const recovered = await waitPosted(id);
    expect(recovered.slackTs).toBe(row.slackTs);
    expect(posted()).toHaveLength(1);
  });
});

describe('posting after a failure', () => {
  it('a failed lookup for an earlier post (e.g. the channel given by name) does not block the retry', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    t.h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    t.h.fake.failNext('conversations.history', { error: 'channel_not_found' });
    const bot = await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    await retryAfterFailedPost(bot, id);
    await waitPosted(id);
    expect(t.h.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(posted()).toHaveLength(1);
  });
});

describe('shops in messages', () => {
  it('uses the shop named in details before the reservation shop', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db, { shopId: 'SHOP-002' });
    await t.h.start();
    const id = await coreRaisesAlert(t.database.db, 'ambiguous_answer', AROMA_RESERVATION.id, { shop_id: SHIBUYA_AROMA.id });
    await waitPosted(id);
    expect(textOf(posted()[0]!)).toContain('提携店: 〇〇マッサージ店（SHOP-001）');
  });
});
