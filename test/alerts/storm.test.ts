import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, incidents } from '../../src/db/schema.js';
import type { StoredMessage } from '../../src/fake-slack/index.js';
import { INCIDENT_ACTIONS } from '../../src/views/ids/incidents.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { alertRow, raiseManualAlerts, stormsOf, unposted } from '../support/storm.js';

const t = useBotTest();
// 03:00 JST: no scheduled post is due; the minute job runs only when a test ticks it.
const ENV = { QRV_SCHEDULER: 'on', QRV_STORM_TALLY_SECONDS: '1' };
const STORM = 200;

const bodyOf = (m: StoredMessage | undefined) => JSON.stringify(m?.attachments ?? []);
const alertIdOf = (m: StoredMessage) => Number((m.metadata as { event_payload?: { alert_id?: number } } | undefined)?.event_payload?.alert_id);
const buttonsOf = (m: StoredMessage) =>
  (m.attachments as Array<{ blocks: Array<{ type: string; elements?: Array<{ text: { text: string } }> }> }>)[0]!.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements!.map((e) => e.text.text));

async function allPosted(timeoutMs = 180_000) {
  await eventually(async () => (await unposted(t.database.db)) === 0, timeoutMs);
}

describe('alert storms (issue 14 item 6)', { timeout: 300_000 }, () => {
  it('200 manual alerts at one message per second per channel (scaled 100×): one storm message, every alert in its thread with its buttons, a critical alert raised last posted first, the live tally, then 収束', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    const ids = await raiseManualAlerts(t.database.db, STORM, jst('2026-11-30 03:00'));
    const [critical] = await t.database.db.insert(alerts).values({ kind: 'sms_failed', reservationId: 'QRV-S00007', details: {}, createdAt: jst('2026-11-30 03:00') }).returning();
    t.h.fake.limitPostRate(10);
    const bot = await t.h.start({ clock, env: ENV });
    await allPosted();

    const { storms, messages } = await stormsOf(t.database.db);
    expect(storms).toHaveLength(1);
    expect(messages).toHaveLength(1);
    const stormMessage = await alertRow(t.database.db, messages[0]!.id);
    // Top level: the critical alert first, then the storm message; nothing else.
    const top = t.h.fake.messages(ALERTS_CHANNEL);
    expect(top.map(alertIdOf)).toEqual([critical!.id, stormMessage.id]);
    expect(top[1]!.text).toContain('マニュアルオペ多発: Bland.ai障害の可能性');
    const stormBody = bodyOf(top[1]);
    for (const line of ['2. Bland.aiのステータスページ確認', '1. 外部API障害の場合: 復旧を待つ・依頼者に状況説明SMS送信', '優先度: 高（オレンジ）']) expect(stormBody).toContain(line);
    expect(buttonsOf(top[1]!)).toContain('インシデント宣言');

    // Every alert is a reply in the storm's thread, a full card with its buttons; none lost.
    const thread = t.h.fake.replies(ALERTS_CHANNEL, stormMessage.slackTs!);
    expect(thread.map(alertIdOf).sort((a, b) => a - b)).toEqual(ids);
    for (const reply of thread) expect(buttonsOf(reply)).toContain('対応開始');
    const rows = await t.database.db.select().from(alerts);
    const byTs = new Map(thread.map((m) => [m.ts, alertIdOf(m)]));
    for (const id of ids) expect(byTs.get(rows.find((r) => r.id === id)!.slackTs!)).toBe(id);
    expect(Number(critical!.id)).toBeGreaterThan(Math.max(...ids));
    // Still in the queue: each counted (`/qrv queue`, App Home), linked to its reply in the storm's thread.
    expect(rows.filter((r) => !r.resolvedAt).length).toBe(STORM + 2);
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'queue', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const queue = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(queue.text).toBe(`対応待ちの通知 ${STORM + 2}件`);
    expect(rows.find((r) => r.id === ids[0])!.permalink).toContain(`?thread_ts=${stormMessage.slackTs}`);

    // The live tally, re-rendered through the coalesced qrv-alert-sync job (far fewer updates than alerts).
    const tally = '内訳（計 201件）: 全店NG 50件 · 曖昧な回答 50件 · 変更依頼 50件 · 期限超過キャンセル 50件 · SMS送信失敗 1件';
    await eventually(() => bodyOf(t.h.fake.message(ALERTS_CHANNEL, stormMessage.slackTs!)).includes(tally), 30_000);
    const updates = t.h.fake.callsTo('chat.update').filter((c) => c.args.ts === stormMessage.slackTs).length;
    expect(updates).toBeGreaterThan(0);
    expect(updates).toBeLessThan(STORM / 4);

    // Subsides: no manual-operation alert for the window (10 minutes on the test clock), said once.
    clock.set('2026-11-30 03:09');
    expect((await bot.scheduler!.tick()).stormEnded).toBeUndefined();
    clock.set('2026-11-30 03:10');
    expect((await bot.scheduler!.tick()).stormEnded).toBe(storms[0]!.id);
    expect((await bot.scheduler!.tick()).stormEnded).toBeUndefined();
    const ended = await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, stormMessage.slackTs!).find((m) => m.text.startsWith('✅ マニュアルオペ多発は収束しました')), 30_000);
    expect(ended.text).toBe(
      `✅ マニュアルオペ多発は収束しました（11月30日 03:00〜03:00（0分））。最後のアラートから10分、新しいマニュアルオペレーションのアラートはありません。\n${tally}\nこれからのアラートは通常どおり個別に投稿します。`,
    );
    await eventually(() => t.h.fake.message(ALERTS_CHANNEL, stormMessage.slackTs!)!.attachments[0].blocks[0].text.text === 'マニュアルオペ多発: Bland.ai障害の可能性（収束）', 30_000);
    expect(bodyOf(t.h.fake.message(ALERTS_CHANNEL, stormMessage.slackTs!))).toContain('✅ *収束*');

    // After it: a manual-operation alert is a top-level message again.
    const [after] = await raiseManualAlerts(t.database.db, 1, jst('2026-11-30 03:11'), STORM);
    await allPosted();
    expect(t.h.fake.messages(ALERTS_CHANNEL).map(alertIdOf)).toEqual([critical!.id, stormMessage.id, after]);
  });

  it('インシデント宣言 on the storm message declares a High incident through the incident workflow, once', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    await raiseManualAlerts(t.database.db, 10, jst('2026-11-30 02:58'));
    await t.h.start({ clock, env: { ...ENV, QRV_OPERATORS: 'U0SATO,U0SUZUKI' } });
    await allPosted(60_000);
    const { messages } = await stormsOf(t.database.db);
    const storm = await alertRow(t.database.db, messages[0]!.id);
    const press = (userId: string) =>
      t.h.fake.clickButton({ actionId: INCIDENT_ACTIONS.declareFromAlert, value: String(storm.id), userId, channel: ALERTS_CHANNEL, messageTs: storm.slackTs!, element: { type: 'button', action_id: INCIDENT_ACTIONS.declareFromAlert, value: String(storm.id) } });
    await press('U0SATO');
    const incident = await eventually(async () => (await t.database.db.select().from(incidents).where(eq(incidents.alertId, storm.id)))[0]);
    expect(incident).toMatchObject({ severity: 'high', commander: 'U0SATO', summary: 'マニュアルオペ多発: Bland.ai障害の可能性' });
    await eventually(() => t.h.fake.messages(ALERTS_CHANNEL).find((m) => m.text === '🚨 インシデント（高）: マニュアルオペ多発: Bland.ai障害の可能性'));
    await press('U0SUZUKI');
    await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => e.text.includes(`インシデント #${incident.id} が宣言済みです`)));
    expect(await t.database.db.select().from(incidents)).toHaveLength(1);
  });

  it('the storm message stored by Slack but answered 503: found on the retry, never posted twice; the alerts wait for it, then go into its thread', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    // The first post of the storm is its message (every alert of a storm waits for it).
    t.h.fake.failNext('chat.postMessage', { status: 503, applied: true });
    const ids = await raiseManualAlerts(t.database.db, 10, jst('2026-11-30 03:00'));
    const bot = await t.h.start({ clock, env: ENV });
    const failed = await eventually(async () => {
      const { messages } = await stormsOf(t.database.db);
      return messages[0]?.postError ? messages[0] : undefined;
    });
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(1);
    // The retry now rather than after its back-off (the alerts' short wait too).
    await t.database.db.update(alerts).set({ postLeaseUntil: null });
    await bot.dispatcher.drain();
    await allPosted(60_000);
    const storm = await alertRow(t.database.db, failed.id);
    expect(t.h.fake.messages(ALERTS_CHANNEL).map(alertIdOf)).toEqual([storm.id]);
    expect(t.h.fake.replies(ALERTS_CHANNEL, storm.slackTs!).map(alertIdOf).sort((a, b) => a - b)).toEqual(ids);
    expect((await stormsOf(t.database.db)).storms).toHaveLength(1);
  });

  it('two bot instances: one storm, one storm message, every alert in its thread', async () => {
    const clock = fixedClock('2026-11-30 03:00');
    await t.h.start({ clock, env: ENV });
    await t.h.start({ clock, env: ENV });
    const ids = await raiseManualAlerts(t.database.db, 40, jst('2026-11-30 03:00'));
    await allPosted(120_000);
    const { storms, messages } = await stormsOf(t.database.db);
    expect(storms).toHaveLength(1);
    expect(messages).toHaveLength(1);
    const storm = await alertRow(t.database.db, messages[0]!.id);
    const top = t.h.fake.messages(ALERTS_CHANNEL);
    expect(top.filter((m) => m.text.includes('マニュアルオペ多発'))).toHaveLength(1);
    // Posted before the storm was detected (a count below the threshold when it was judged) or in its thread; each once.
    const inThread = t.h.fake.replies(ALERTS_CHANNEL, storm.slackTs!).map(alertIdOf);
    const everywhere = [...top.map(alertIdOf), ...inThread].filter((id) => id !== storm.id).sort((a, b) => a - b);
    expect(everywhere).toEqual(ids);
    expect(inThread.length).toBeGreaterThanOrEqual(ids.length - 9);
  });
});
