import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts, dailyNotes, incidents, scheduledPosts, shops } from '../../src/db/schema.js';
import { DAILY_NOTE_CALLBACK, NOTE_BLOCK, NOTE_INPUT, WRITE_NOTE_ACTION } from '../../src/views/ids/reports.js';
import { SHOP_ACTIONS } from '../../src/views/ids/shops.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst, seedReservations } from '../support/metrics-seed.js';
import { seedShops } from '../support/seed.js';

const t = useBotTest();
beforeEach(async () => {
  await seedShops(t.database.db);
});

const ON = { QRV_SCHEDULER: 'on' };
const topLevel = () => t.h.fake.messages(ALERTS_CHANNEL);
const textOf = (m: unknown): string => JSON.stringify(m) ?? '';
const reports = (title: string) => topLevel().filter((m) => textOf(m.blocks).includes(`【${title}】`));

/** An alert the core raised at a JST time, posted by the bot (slack_ts left to the dispatcher). */
async function nightAlert(kind: string, at: string, reservationId: string | null, extra: Partial<typeof alerts.$inferInsert> = {}) {
  const [row] = await t.database.db.insert(alerts).values({ kind, reservationId, createdAt: jst(at), ...extra }).returning({ id: alerts.id });
  return row!.id;
}

async function waitAllPosted() {
  await eventually(async () => (await t.database.db.select().from(alerts)).every((a) => a.slackTs !== null));
}

describe('10:00 朝の確認', () => {
  it('posts the daily figures, the flags and every unresolved alert, on time', async () => {
    const clock = fixedClock('2026-11-30 09:59');
    await seedReservations(t.database.db, '2026-11-29 12:00', ['confirmed', 'failed', 'failed']);
    const [r] = await seedReservations(t.database.db, '2026-11-30 02:00', ['calling_failed']);
    await nightAlert('all_shops_ng', '2026-11-30 02:10', r!);
    await nightAlert('sms_failed', '2026-11-30 03:00', r!, { assignee: 'U0SATO', claimedAt: jst('2026-11-30 03:05') });
    await nightAlert('ambiguous_answer', '2026-11-30 01:00', r!, { resolvedAt: jst('2026-11-30 01:30'), resolvedBy: 'U0SATO' });
    const bot = await t.h.start({ clock, env: { ...ON, QRV_MORNING_AT: '10:00' } });
    await waitAllPosted();
    expect(reports('朝の確認')).toHaveLength(0); // 09:59: not yet

    clock.set('2026-11-30 10:00');
    const { posted } = await bot.scheduler!.tick();
    expect(posted.map((p) => p.slot)).toEqual(['morning:2026-11-30']);
    const [post] = reports('朝の確認');
    const text = textOf(post!.blocks);
    expect(text).toContain('【朝の確認】11月30日(月) 10:00');
    expect(text).not.toContain('遅延');
    expect(text).toContain('予約成功率が80%未満です → 原因調査');
    expect(text).toContain('33.3%（1 / 3件）');
    expect(text).toContain('未対応の通知*（2件');
    // Priority first: the 緊急 SMS送信失敗 (raised later) comes before the 高 全店NG; each with its deadline and link.
    const lines = text.split('\\n').filter((l) => /^• (🔴|🟠|🟡|🟢)/u.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^• 🔴 緊急 <https:\/\/[^|]+\|#\d+ SMS送信失敗> QRV-\w+ — ⚠️ \*期限超過\*（期限 11月30日 03:30） · 担当 <@U0SATO>$/);
    expect(lines[1]).toMatch(/^• 🟠 高 <https:\/\/[^|]+\|#\d+ 全店NG> QRV-\w+ — ⚠️ \*期限超過\*（期限 11月30日 03:10） · 未対応/);
    expect(text).not.toContain('曖昧な回答'); // resolved in the night

    const [row] = await t.database.db.select().from(scheduledPosts).where(eq(scheduledPosts.slot, 'morning:2026-11-30'));
    expect(row).toMatchObject({ kind: 'morning', late: false, channel: ALERTS_CHANNEL, ts: post!.ts });
    expect((await bot.scheduler!.tick()).posted).toEqual([]);
    expect(reports('朝の確認')).toHaveLength(1);
  });
});

describe('exactly once and catch-up', () => {
  it('two instances: each slot is posted once, at start-up and on every tick', async () => {
    const clock = fixedClock('2026-11-27 18:00'); // a Friday
    const [a, b] = await Promise.all([t.h.start({ clock, env: ON }), t.h.start({ clock, env: ON })]);
    await Promise.all([a.scheduler!.tick(), b.scheduler!.tick(), a.scheduler!.tick(), b.scheduler!.tick()]);
    expect(reports('朝の確認')).toHaveLength(1);
    expect(reports('終業時の記録')).toHaveLength(1);
    expect(reports('週次レポート')).toHaveLength(1);
    expect(t.h.fake.files).toHaveLength(1);
    expect((await t.database.db.select().from(scheduledPosts)).map((p) => p.slot).sort()).toEqual([
      'evening:2026-11-27', 'morning:2026-11-27', 'weekly:2026-11-27',
    ]);
  });

  it('a slot missed while the bot was down goes out at start-up marked 遅延, and not again after a restart', async () => {
    const clock = fixedClock('2026-11-30 11:32');
    let bot: RunningBot = await t.h.start({ clock, env: ON });
    const [post] = await eventually(() => (reports('朝の確認').length ? reports('朝の確認') : undefined));
    expect(textOf(post!.blocks)).toContain('【朝の確認】11月30日(月) 10:00（遅延）');
    expect(textOf(post!.blocks)).toContain('予定 11月30日 10:00 → 投稿 11月30日 11:32');
    expect((await t.database.db.select().from(scheduledPosts))[0]).toMatchObject({ slot: 'morning:2026-11-30', late: true });

    await bot.stop();
    clock.set('2026-11-30 11:40');
    bot = await t.h.start({ clock, env: ON });
    expect((await bot.scheduler!.tick()).posted).toEqual([]);
    expect(reports('朝の確認')).toHaveLength(1);
  });

  it("yesterday's missed slots are stale: nothing is posted after midnight", async () => {
    const bot = await t.h.start({ clock: fixedClock('2026-12-01 00:05'), env: ON });
    expect((await bot.scheduler!.tick()).posted).toEqual([]);
    expect(topLevel()).toHaveLength(0);
  });

  it('a failed post is retried and then recorded once', async () => {
    const clock = fixedClock('2026-11-30 09:00');
    const bot = await t.h.start({ clock, env: ON });
    clock.set('2026-11-30 10:00');
    t.h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await bot.scheduler!.tick()).posted).toEqual([]);
    const [failed] = await t.database.db.select().from(scheduledPosts);
    expect(failed).toMatchObject({ postedAt: null, attempts: 1 });
    expect(failed!.error).toContain('internal_error');
    await t.database.db.update(scheduledPosts).set({ leaseUntil: new Date(Date.now() - 1000) }); // the retry delay has passed
    expect((await bot.scheduler!.tick()).posted.map((p) => p.slot)).toEqual(['morning:2026-11-30']);
    expect(reports('朝の確認')).toHaveLength(1);
  });
});

describe('18:00 終業時の記録', () => {
  it("today's counts, inquiries and incidents from Slack, tomorrow's reservations, and the 特記事項 button", async () => {
    const clock = fixedClock('2026-11-30 17:00');
    const bot = await t.h.start({ clock, env: ON });
    const [r] = await seedReservations(t.database.db, '2026-11-30 09:00', ['calling_failed']);
    await nightAlert('all_shops_ng', '2026-11-30 09:10', r!, { resolvedAt: jst('2026-11-30 09:40') });
    await nightAlert('system', '2026-11-30 09:20', null, { details: { severity: 'low' }, resolvedAt: jst('2026-11-30 09:30') });
    await seedReservations(t.database.db, '2026-11-28 12:00', ['confirmed'], { startsAt: jst('2026-12-01 14:00'), endsAt: jst('2026-12-01 17:00') });
    await seedReservations(t.database.db, '2026-11-30 12:00', ['payment_pending'], { startsAt: jst('2026-12-01 10:00'), endsAt: jst('2026-12-01 11:00') });
    await seedReservations(t.database.db, '2026-11-30 12:00', ['confirmed'], { startsAt: jst('2026-12-02 10:00'), endsAt: jst('2026-12-02 11:00') });
    await waitAllPosted();
    const slash = async (text: string) => {
      const before = t.h.fake.ephemerals('U0SATO').length;
      await t.h.fake.sendSlashCommand({ command: '/qrv', text, userId: 'U0SATO', channelId: ALERTS_CHANNEL });
      return eventually(() => t.h.fake.ephemerals('U0SATO')[before]?.text);
    };
    expect(await slash('inquiry QRV-000001 決済期限切れの問い合わせ、再予約を案内')).toMatch(
      /^問い合わせを記録しました（QRV-000001(: 予約が見つかりません)?）: 決済期限切れの問い合わせ、再予約を案内\n本日の問い合わせ件数: 1件\n一般問い合わせ #\d+ として通知します/,
    );
    await slash('inquiry 提携店から請求書の問い合わせ');
    expect(await slash('incident Bland.ai障害で電話発信が停止 10:05-10:40')).toContain('本日のインシデント件数: 1件');
    expect(await slash('inquiry')).toContain('内容を入力してください');

    clock.set('2026-11-30 18:00');
    await bot.scheduler!.tick();
    const [post] = reports('終業時の記録');
    const text = textOf(post!.blocks);
    expect(text).toContain('【終業時の記録】11月30日(月)');
    expect(text).toContain('マニュアルオペレーション件数: 1件');
    expect(text).toContain('問い合わせ件数: 2件');
    expect(text).toContain('インシデント件数: 1件');
    expect(text).toContain('（未記入）');
    expect(text).toContain('*明日の予約確認*（12月1日(火)）');
    expect(text).toContain('予約件数: 2件');
    expect(text).toMatch(/• 12月1日 10:00-11:00 QRV-\w+ Aroma Massage · 決済待ち（payment_pending） — ⚠️ 未決済\\n• 12月1日 14:00-17:00 QRV-\w+ Aroma Massage · [^\\]+（confirmed）/);

    await t.h.fake.clickButton({ actionId: WRITE_NOTE_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: post!.ts });
    await eventually(() => t.h.fake.openViews('U0SATO').length === 1);
    await t.h.fake.submitView({ userId: 'U0SATO', callbackId: DAILY_NOTE_CALLBACK, values: { [NOTE_BLOCK]: { [NOTE_INPUT]: 'Bland.ai障害のため午前の全店NGが多発' } } });
    const updated = await eventually(() => {
      const m = t.h.fake.message(ALERTS_CHANNEL, post!.ts);
      return textOf(m?.blocks).includes('Bland.ai障害のため午前の全店NGが多発') ? m : undefined;
    });
    expect(textOf(updated.blocks)).toContain('（<@U0SATO>、11月30日 18:00）');
    expect(await t.database.db.select().from(dailyNotes)).toMatchObject([{ day: '2026-11-30', note: 'Bland.ai障害のため午前の全店NGが多発', actor: 'U0SATO' }]);
    expect(reports('終業時の記録')).toHaveLength(1);
  });
});

describe('週次レポート and 月次レポート', () => {
  it('Friday: the week with its chart, rendered to PNG and uploaded with files.uploadV2', async () => {
    await seedReservations(t.database.db, '2026-11-28 10:00', ['confirmed', 'confirmed', 'cancelled']);
    await seedReservations(t.database.db, '2026-12-03 10:00', ['failed']);
    const clock = fixedClock('2026-12-04 17:00');
    const bot = await t.h.start({ clock, env: ON });
    clock.set('2026-12-04 18:00');
    const { posted } = await bot.scheduler!.tick();
    expect(posted.map((p) => p.slot)).toEqual(['evening:2026-12-04', 'weekly:2026-12-04']);
    const text = textOf(reports('週次レポート')[0]!.blocks);
    expect(text).toContain('【週次レポート】11月28日(土)〜12月4日(金)');
    expect(text).toContain('土 3 · 日 0 · 月 0 · 火 0 · 水 0 · 木 1 · 金 0（計 4件）');
    expect(text).toContain('キャンセル率が10%超過です');
    expect(text).toContain('33.3%（1 / 3件）');

    const file = await eventually(() => t.h.fake.files[0]);
    expect(file.channel).toBe(ALERTS_CHANNEL);
    expect(file.filename).toBe('qrv-weekly-2026-12-04.png');
    expect(file.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(file.bytes.readUInt32BE(16)).toBe(880); // IHDR width
    expect(file.initial_comment).toContain('週次レポート');
  });

  it('Friday: 提携店リスト更新 lists the unregistered shops awaiting a decision, with 提携店リストに追加 / 対象外', async () => {
    await t.database.db.insert(shops).values([
      { id: 'SHOP-105', name: '青山リラク', phone: '03-5555-1234', area: '港区', listed: false, createdAt: jst('2026-12-02 15:00') },
      { id: 'SHOP-106', name: '表参道ほぐし', phone: '03-5555-5678', area: '渋谷区', listed: false, createdAt: jst('2026-12-03 11:00') },
      { id: 'SHOP-107', name: '対象外の店', phone: '03-5555-0000', area: '港区', listed: false, excludedAt: jst('2026-12-03 12:00'), excludedBy: 'U0SATO' },
    ]);
    const clock = fixedClock('2026-12-04 17:00');
    const bot = await t.h.start({ clock, env: ON });
    clock.set('2026-12-04 18:00');
    await bot.scheduler!.tick();
    const report = reports('週次レポート')[0]!;
    const text = textOf(report.blocks);
    expect(text).toContain('提携店リスト更新*（全店NG Aで登録した未登録店舗: 2件）');
    expect(text.indexOf('表参道ほぐし')).toBeLessThan(text.indexOf('青山リラク'));
    expect(text).not.toContain('対象外の店');
    expect(text).toContain(SHOP_ACTIONS.promote);

    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.promote, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: report.ts, value: 'SHOP-105' });
    const card = await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => textOf(e).includes('店舗 青山リラク（SHOP-105）')));
    expect(textOf(card)).toContain('提携店');
    const [row] = await t.database.db.select().from(shops).where(eq(shops.id, 'SHOP-105'));
    expect(row!.listed).toBe(true);
    // The report itself stays as posted.
    expect(textOf(t.h.fake.message(ALERTS_CHANNEL, report.ts)!.blocks)).toContain('【週次レポート】');
  });

  it('the first business day: last month\'s report with the maintenance checklist', async () => {
    await seedReservations(t.database.db, '2026-11-10 10:00', ['confirmed', 'completed', 'failed', 'calling_failed']);
    await seedReservations(t.database.db, '2026-10-31 23:00', ['failed']); // October: not counted
    await seedReservations(t.database.db, '2026-12-01 09:00', ['failed']); // December: not counted
    const bot = await t.h.start({ clock: fixedClock('2026-12-01 10:00'), env: ON });
    expect((await bot.scheduler!.tick()).posted).toEqual([]); // start-up already posted them
    const text = textOf(reports('月次レポート')[0]!.blocks);
    expect(text).toContain('【月次レポート】2026年11月');
    expect(text).toContain('予約件数: 4件');
    expect(text).toContain('予約成功率: 50.0%');
    expect(text).toContain('データベースバックアップ確認（15分）');
    expect(reports('朝の確認')).toHaveLength(1);
  });
});

describe('recording from Slack', () => {
  it('only operators may record inquiries and incidents', async () => {
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
    await t.h.start({ env: { QRV_OPERATORS: 'S0QRVOPS' } });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident テスト', userId: 'U0GUEST', channelId: ALERTS_CHANNEL });
    const refusal = await eventually(() => t.h.fake.ephemerals('U0GUEST')[0]);
    expect(refusal.text).toContain('オペレーターのみ');
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident テスト', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect((await t.database.db.select().from(incidents)).map((i) => [i.summary, i.actor])).toEqual([['テスト', 'U0SATO']]);
  });
});
