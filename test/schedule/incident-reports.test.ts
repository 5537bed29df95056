import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents } from '../../src/db/schema.js';
import { INCIDENT_ACTIONS as A } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';

const t = useBotTest();
const ENV = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'U0SATO,U0SUZUKI' };
const textOf = (m: unknown): string => JSON.stringify(m) ?? '';
const reports = (title: string) => t.h.fake.messages(ALERTS_CHANNEL).filter((m) => textOf(m.blocks).includes(`【${title}】`));
const lines = (blocks: unknown) =>
  (blocks as Array<{ text?: { text?: string } }>).flatMap((b) => (b.text?.text ?? '').split('\n')).filter((l) => l.startsWith('• ['));

async function declare(text: string) {
  await t.h.fake.sendSlashCommand({ command: '/qrv', text: `incident declare ${text}`, userId: 'U0SATO', channelId: ALERTS_CHANNEL });
  const title = text.split(' ').slice(1).join(' ');
  const message = await eventually(() => t.h.fake.messages(ALERTS_CHANNEL).find((m) => m.text.endsWith(`: ${title}`)));
  return eventually(async () => {
    const [row] = await t.database.db.select().from(incidents).where(eq(incidents.slackTs, message.ts));
    return row?.permalink ? row : undefined;
  });
}

describe('declared incidents in the 18:00 post and the weekly report (manual §7)', { timeout: 120_000 }, () => {
  it('the 18:00 post counts and links the day’s declared incidents with 対応中 / 復旧済み; the weekly report lists the week’s with start, end and duration', async () => {
    const clock = fixedClock('2026-11-25 10:30'); // a Wednesday
    const bot = await t.h.start({ clock, env: ENV });
    // Before the week (Sat 21 – Fri 27): not listed. A one-line record: counted, not listed.
    await t.database.db.insert(incidents).values({ summary: '先週の障害', actor: 'U0SATO', severity: 'high', commander: 'U0SATO', createdAt: jst('2026-11-20 10:00'), endedAt: jst('2026-11-20 11:00') });
    const api = await declare('緊急 APIサーバー全体がダウン');
    expect(api!.permalink).toMatch(/^https:\/\/.+\/archives\/C\w+\/p\d+$/);
    clock.set('2026-11-25 11:20');
    await t.h.fake.clickButton({ actionId: A.recover, value: String(api!.id), userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: api!.slackTs!, element: { type: 'button', action_id: A.recover, value: String(api!.id) } });
    await eventually(async () => (await t.database.db.select().from(incidents).where(eq(incidents.id, api!.id)))[0]?.endedAt ?? undefined);

    clock.set('2026-11-25 18:00');
    await bot.scheduler!.tick();
    const wednesday = await eventually(() => reports('終業時の記録')[0]);
    expect(textOf(wednesday.blocks)).toContain('*宣言されたインシデント*（今日に対応したもの）: 1件');
    expect(lines(wednesday.blocks)).toEqual([`• [緊急] <${api!.permalink}|APIサーバー全体がダウン> — 復旧済み · 開始 11月25日 10:30 · 終了 11月25日 11:20 · 所要 50分`]);
    expect(wednesday.text).toContain('インシデント 1件、宣言されたインシデント 1件');

    clock.set('2026-11-26 23:00');
    const bland = await declare('高 Bland.ai障害で電話発信が停止');
    clock.set('2026-11-27 09:00');
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'incident 予約画面の表示遅延', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.startsWith('インシデントを記録しました')));

    clock.set('2026-11-27 18:00'); // Friday: the 18:00 post and the weekly report
    await bot.scheduler!.tick();
    const friday = await eventually(() => reports('終業時の記録').find((m) => textOf(m.blocks).includes('11月27日')));
    // Declared the day before and still open: in today's post as 対応中; the one-line record counted only.
    expect(textOf(friday.blocks)).toContain('インシデント件数: 1件');
    expect(lines(friday.blocks)).toEqual([`• [高] <${bland!.permalink}|Bland.ai障害で電話発信が停止> — 対応中 · 開始 11月26日 23:00 · 経過 19時間`]);
    const weekly = await eventually(() => reports('週次レポート')[0]);
    expect(textOf(weekly.blocks)).toContain('*宣言されたインシデント*（今週）: 2件');
    expect(lines(weekly.blocks)).toEqual([
      `• [緊急] <${api!.permalink}|APIサーバー全体がダウン> — 復旧済み · 開始 11月25日 10:30 · 終了 11月25日 11:20 · 所要 50分`,
      `• [高] <${bland!.permalink}|Bland.ai障害で電話発信が停止> — 対応中 · 開始 11月26日 23:00 · 経過 19時間`,
    ]);
  });

  it('no declared incident: the 18:00 post says so', async () => {
    const clock = fixedClock('2026-11-25 17:59');
    const bot = await t.h.start({ clock, env: ENV });
    clock.set('2026-11-25 18:00');
    await bot.scheduler!.tick();
    const post = await eventually(() => reports('終業時の記録')[0]);
    expect(textOf(post.blocks)).toContain('*宣言されたインシデント*（今日に対応したもの）: 0件\\nありません');
  });
});
