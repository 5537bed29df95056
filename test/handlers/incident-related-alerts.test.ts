import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, incidentAlerts, incidents } from '../../src/db/schema.js';
import { INCIDENT_ACTIONS as A } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { declareIncident, incidentMessages } from '../support/incidents.js';
import { seedReservation } from '../support/seed.js';

const t = useBotTest();
const ENV = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'U0SATO,U0SUZUKI' };
const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const related = (ts: string) => replies(ts).filter((r) => r.startsWith('🔔'));

/** A system alert raised at a JST time, once the bot posted it (slack_ts and permalink stored). */
async function systemAlert(at: string, title: string) {
  const [row] = await t.database.db.insert(alerts).values({ kind: 'system', details: { severity: 'high', title }, createdAt: jst(at) }).returning({ id: alerts.id });
  return eventually(async () => {
    const [a] = await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id));
    return a?.permalink ? a : undefined;
  });
}

const declare = (text: string) => declareIncident(t, text);

describe('related alerts in an open incident’s timeline (manual §7)', { timeout: 120_000 }, () => {
  it('a system alert raised while the incident is open is noted once in its thread, time-stamped and linked, whatever the instances; none before the declaration or after 復旧', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const a = await t.h.start({ clock, env: ENV });
    const b = await t.h.start({ clock, env: ENV });
    await systemAlert('2026-11-30 02:50', 'ディスク使用率 85%'); // before the incident
    const { id, ts } = await declare('緊急 APIサーバー全体がダウン');
    clock.set('2026-11-30 03:10');
    const alert = await systemAlert('2026-11-30 03:10', 'API 5xx 増加');

    const tickBoth = async () => (await Promise.all([a.scheduler!.tick(), b.scheduler!.tick(), a.scheduler!.tick()])).flatMap((r) => r.relatedAlerts);
    expect(await tickBoth()).toEqual([{ incidentId: id, alertId: alert.id }]);
    expect(related(ts)).toEqual([`🔔 03:10 関連アラート: <${alert.permalink}|#${alert.id} API 5xx 増加>`]);
    clock.set('2026-11-30 03:11');
    expect(await tickBoth()).toEqual([]);
    expect((await t.database.db.select().from(incidentAlerts)).map((r) => [r.incidentId, r.alertId, r.notedAt !== null])).toEqual([[id, alert.id, true]]);

    // Raised just before 復旧, noted by the sweep after it; one raised after 復旧 is not the incident's.
    clock.set('2026-11-30 03:20');
    const late = await systemAlert('2026-11-30 03:20', 'DB接続エラー');
    await t.h.fake.clickButton({ actionId: A.recover, value: String(id), userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts, element: { type: 'button', action_id: A.recover, value: String(id) } });
    await eventually(async () => (await t.database.db.select().from(incidents).where(eq(incidents.id, id)))[0]?.endedAt ?? undefined);
    clock.set('2026-11-30 03:25');
    await systemAlert('2026-11-30 03:25', '復旧後のアラート');
    expect(await tickBoth()).toEqual([{ incidentId: id, alertId: late.id }]);
    expect(related(ts)).toHaveLength(2);
    expect(related(ts)[1]).toBe(`🔔 03:20 関連アラート: <${late.permalink}|#${late.id} DB接続エラー>`);
  });

  it('not the alert the incident was declared from; a note Slack refused is posted on the next minute, once', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const bot = await t.h.start({ clock, env: ENV });
    const origin = await systemAlert('2026-11-30 03:00', 'マニュアルオペ多発');
    await t.h.fake.clickButton({ actionId: A.declareFromAlert, value: String(origin.id), userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: origin.slackTs!, element: { type: 'button', action_id: A.declareFromAlert, value: String(origin.id) } });
    const message = await eventually(() => incidentMessages(t.h)[0]);
    await eventually(() => replies(message.ts).length > 0);
    expect((await bot.scheduler!.tick()).relatedAlerts).toEqual([]);

    clock.set('2026-11-30 03:05');
    const alert = await systemAlert('2026-11-30 03:05', 'Bland.ai API タイムアウト');
    t.h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await bot.scheduler!.tick()).relatedAlerts).toEqual([]);
    expect(related(message.ts)).toEqual([]);
    clock.set('2026-11-30 03:06');
    expect((await bot.scheduler!.tick()).relatedAlerts.map((r) => r.alertId)).toEqual([alert.id]);
    expect((await bot.scheduler!.tick()).relatedAlerts).toEqual([]);
    expect(related(message.ts)).toEqual([`🔔 03:05 関連アラート: <${alert.permalink}|#${alert.id} Bland.ai API タイムアウト>`]);
  });

  it('/qrv incident link: any alert (a manual-operation one too) noted by hand, once, with who linked it; wrong numbers answer the usage or the cause', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    await t.h.start({ clock, env: ENV });
    const { id, ts } = await declare('高 Bland.ai障害で電話発信が停止');
    const { id: reservationId } = await seedReservation(t.database.db, { createdAt: jst('2026-11-30 03:01'), updatedAt: jst('2026-11-30 03:01') });
    const [row] = await t.database.db.insert(alerts).values({ kind: 'all_shops_ng', reservationId, createdAt: jst('2026-11-30 03:02') }).returning({ id: alerts.id });
    const alert = await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id)))[0]?.permalink ?? undefined);
    clock.set('2026-11-30 03:10');
    const link = (text: string, userId = 'U0SUZUKI') => t.h.fake.sendSlashCommand({ command: '/qrv', text: `incident link ${text}`, userId, channelId: ALERTS_CHANNEL });

    await link(`${id} ${row!.id}`);
    await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => e.text === `アラート #${row!.id} をインシデント #${id} のタイムラインに記録しました。`));
    expect(related(ts)).toEqual([`🔔 03:02 関連アラート: <${alert}|#${row!.id} 【マニュアルオペレーション】全店NG>（<@U0SUZUKI> が関連付け）`]);

    await link(`#${id} ${row!.id}`, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes(`アラート #${row!.id} はインシデント #${id} のタイムラインに記録済みです。`)));
    await link(`${id} 99999`, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('アラートが見つかりません: #99999')));
    await link(`${id}`, 'U0SATO');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.startsWith('使い方: `/qrv incident link インシデント番号 アラート番号`')));
    expect(related(ts)).toHaveLength(1);
  });
});
