import { beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_HOME_ACTION } from '../../src/views/ids/dashboard.js';
import type { RunningBot } from '../../src/runtime.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, seedAlert, seedReservations } from '../support/metrics-seed.js';

const t = useBotTest();
let bot: RunningBot;
beforeEach(async () => {
  bot = await t.h.start({ clock: fixedClock('2026-11-30 10:00') });
});

const textOf = (m: unknown): string => JSON.stringify(m) ?? '';

describe('/qrv dashboard', () => {
  it('shows the daily and weekly figures to the caller only, flags in the manual\'s words', async () => {
    await seedReservations(t.database.db, '2026-11-29 12:00', ['confirmed', 'payment_expired', 'failed', 'failed', 'failed']);
    await seedReservations(t.database.db, '2026-11-30 09:00', ['calling', 'confirmed']);
    await seedAlert(t.database.db, { kind: 'all_shops_ng', at: '2026-11-30 09:10' });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const reply = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    const text = textOf(reply.blocks);
    expect(text).toContain('QRV ダッシュボード');
    expect(text).toContain('11月30日 10:00 時点');
    expect(text).toContain('• 予約成功率が80%未満です → 原因調査');
    expect(text).toContain('• 決済成功率が90%未満です → 原因調査');
    expect(text).toContain('• マニュアルオペレーション件数が予約件数の10%超過です');
    expect(text).toContain('*昨日の予約成功率*\\n40.0%（2 / 5件）');
    expect(text).toContain('*昨日の決済成功率*\\n50.0%（1 / 2件）');
    expect(text).toContain('*今日の予約件数*\\n2件（通常 0件）');
    expect(text).toContain('電話代行中（calling） 1件');
    expect(text).toContain('日 5 · 月 2（計 7件）');
    expect(text).toContain('全店NG 1件: 対応開始まで平均— · 完了まで平均— · 期限内 0件 · 期限超過 0件（対応期限 1時間以内）');
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(0);
  });

  it('kept current: after a new alert the figures are computed in the background, and a burst of callers all get them in the ack', async () => {
    await seedReservations(t.database.db, '2026-11-30 09:00', ['calling']);
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    const before = bot.deps.dashboard.peek();
    expect(before).toBeDefined();

    await seedAlert(t.database.db, { kind: 'all_shops_ng', at: '2026-11-30 09:10' }); // the core raises an alert
    await eventually(() => bot.deps.dashboard.peek() !== before && bot.deps.dashboard.peek());
    t.h.fake.resetRecords();
    const burst = await Promise.all(Array.from({ length: 6 }, () => t.h.fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: 'U0SATO', channelId: ALERTS_CHANNEL })));
    for (const { ack } of burst) {
      expect(ack.payload.response_type).toBe('ephemeral');
      expect(textOf(ack.payload.blocks)).toContain('全店NG 1件');
    }
    expect(t.h.fake.responses).toHaveLength(0); // nobody answered later by response_url
  });

  it('on an empty database: dashes instead of rates, no flags', async () => {
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'dashboard', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const text = textOf((await eventually(() => t.h.fake.ephemerals('U0SATO')[0])).blocks);
    expect(text).toContain('✅ 異常値はありません');
    expect(text).toContain('*昨日の予約成功率*\\n—（0 / 0件）');
    expect(text).toContain('*キャンセル率*\\n—');
    expect(text).toContain('アラートなし');
  });
});

describe('App Home', () => {
  it('publishes the dashboard when the tab is opened, and again with fresh figures on 更新', async () => {
    await seedReservations(t.database.db, '2026-11-30 09:00', ['calling']);
    await t.h.fake.openHome('U0SATO');
    await t.h.fake.waitForCall('views.publish');
    const home = t.h.fake.homeView('U0SATO')!;
    expect(home.type).toBe('home');
    expect(textOf(home.blocks)).toContain(REFRESH_HOME_ACTION);
    expect(textOf(home.blocks)).toContain('*今日の予約件数*\\n1件');

    await seedReservations(t.database.db, '2026-11-30 09:30', ['calling', 'calling']);
    await t.h.fake.clickButton({ actionId: REFRESH_HOME_ACTION, userId: 'U0SATO', viewId: String(home.id) });
    await eventually(() => t.h.fake.callsTo('views.publish').length === 2);
    expect(textOf(t.h.fake.homeView('U0SATO')!.blocks)).toContain('*今日の予約件数*\\n3件');
  });

  it('the Messages tab is ignored', async () => {
    await t.h.fake.sendEvent({ type: 'app_home_opened', user: 'U0SATO', channel: 'D0SATO', tab: 'messages' });
    await new Promise((r) => setTimeout(r, 200));
    expect(t.h.fake.callsTo('views.publish')).toHaveLength(0);
  });
});
