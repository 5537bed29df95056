import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts } from '../../src/db/schema.js';
import { createRepositories } from '../../src/repositories/index.js';
import { CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { escalationLevelAt } from '../../src/workflows/escalate-alerts.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

// Early morning: no scheduled post is due, only reminders.
const ENV = { QRV_SCHEDULER: 'on', QRV_OPERATORS: 'S0QRVOPS,U0LEAD' };
const textOf = (m: unknown): string => JSON.stringify(m) ?? '';

/** The core raises an alert at a JST time; the bot posts it. */
async function raised(kind: string, at: string, details: Record<string, unknown> = {}) {
  const reservationId = kind === 'system' ? null : AROMA_RESERVATION.id;
  const [row] = await t.database.db.insert(alerts).values({ kind, reservationId, details, createdAt: jst(at) }).returning({ id: alerts.id });
  const posted = await eventually(async () => {
    const [r] = await t.database.db.select().from(alerts).where(eq(alerts.id, row!.id));
    return r?.slackTs ? r : undefined;
  });
  return { id: row!.id, ts: posted.slackTs! };
}

const level = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!.escalationLevel;

describe('escalation of overdue alerts', () => {
  it('全店NG: a reminder at the deadline, marked 期限超過, and a second one at twice the deadline', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const bot = await t.h.start({ clock, env: ENV });
    const { id, ts } = await raised('all_shops_ng', '2026-11-30 04:00');

    clock.set('2026-11-30 04:59');
    expect((await bot.scheduler!.tick()).escalated).toEqual([]);
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(0);

    clock.set('2026-11-30 05:00');
    expect((await bot.scheduler!.tick()).escalated).toEqual([{ id, level: 1 }]);
    const [first] = t.h.fake.replies(ALERTS_CHANNEL, ts);
    expect(first!.text).toBe(
      '<!subteam^S0QRVOPS> <@U0LEAD> ⏰ 対応期限（1時間以内、11月30日 05:00）を過ぎました。まだ完了していません。優先して対応してください。\n担当: 未割り当て（「対応開始」または「引き継ぐ」で担当してください）',
    );
    expect(textOf(first!.blocks)).toContain('"action_id":"qrv_alert_take_over"');
    expect(first!.text).not.toContain('<!channel>');
    const marked = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    expect(textOf(marked.attachments)).toContain('⚠️ *期限超過* — 対応期限を過ぎています（通知済み）');
    expect(await level(id)).toBe(1);

    clock.set('2026-11-30 05:30');
    await bot.scheduler!.tick();
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(1);

    clock.set('2026-11-30 06:00');
    expect((await bot.scheduler!.tick()).escalated).toEqual([{ id, level: 2 }]);
    const second = t.h.fake.replies(ALERTS_CHANNEL, ts)[1]!;
    expect(second.text).toContain('⏰⏰ 再通知: 対応期限（1時間以内、11月30日 05:00）から1時間が過ぎても完了していません。');
    expect(textOf(t.h.fake.message(ALERTS_CHANNEL, ts)!.attachments)).toContain('対応期限の2倍を過ぎています（再通知済み）');

    clock.set('2026-11-30 09:00');
    await bot.scheduler!.tick();
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(2);
  });

  it('SMS送信失敗 (critical) also mentions @channel; the claimed operator is named', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const bot = await t.h.start({ clock, env: ENV });
    const { ts } = await raised('sms_failed', '2026-11-30 04:00');
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
    await t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
    await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, ts).length === 1);
    clock.set('2026-11-30 04:30');
    await bot.scheduler!.tick();
    const reminder = t.h.fake.replies(ALERTS_CHANNEL, ts)[1]!;
    expect(reminder.text).toMatch(/^<!channel> <!subteam\^S0QRVOPS> <@U0LEAD> ⏰ 対応期限（30分以内（緊急）、11月30日 04:30）を過ぎました。/);
    expect(reminder.text).toContain('担当: <@U0SATO>');
  });

  it('resolved alerts are left alone; after downtime past both deadlines, one reminder (the second)', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const bot = await t.h.start({ clock, env: ENV });
    const done = await raised('ambiguous_answer', '2026-11-30 03:00');
    await t.database.db.update(alerts).set({ resolvedAt: jst('2026-11-30 03:50'), resolvedBy: 'U0SATO' }).where(eq(alerts.id, done.id));
    const late = await raised('change_request', '2026-11-30 01:00');
    clock.set('2026-11-30 05:00');
    expect((await bot.scheduler!.tick()).escalated).toEqual([{ id: late.id, level: 2 }]);
    expect(t.h.fake.replies(ALERTS_CHANNEL, done.ts)).toHaveLength(0);
    expect(t.h.fake.replies(ALERTS_CHANNEL, late.ts).map((r) => r.text.includes('再通知'))).toEqual([true]);
  });

  it('要再対応 alerts are reminded like open ones; 送信中 ones and repeats in a thread are not', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const bot = await t.h.start({ clock, env: ENV });
    const repos = createRepositories({ db: t.database.db });
    // A late cancel whose refund failed for good (要再対応), and a change request still sending (送信中).
    const failed = await raised('late_cancel', '2026-11-30 02:00');
    const sending = await raised('change_request', '2026-11-30 02:00');
    for (const id of [failed.id, sending.id]) {
      await repos.alerts.resolve({ id, userId: 'U0SATO', at: jst('2026-11-30 02:30'), outcome: 'done' });
      await repos.alerts.markSending(id);
    }
    await repos.alerts.settleDelivery({ id: failed.id, state: 'failed', error: '返金失敗: 決済が見つかりません' });
    // The same problem again: threaded into the 要再対応 alert, never reminded on its own.
    const repeat = await raised('late_cancel', '2026-11-30 02:00');
    expect((await t.database.db.select().from(alerts).where(eq(alerts.id, repeat.id)))[0]!.duplicateOf).toBe(failed.id);

    clock.set('2026-11-30 04:11');
    expect((await bot.scheduler!.tick()).escalated).toEqual([{ id: failed.id, level: 1 }]);
    const replies = t.h.fake.replies(ALERTS_CHANNEL, failed.ts).map((r) => r.text);
    expect(replies).toEqual([expect.stringContaining('同じ予約のアラートが再度発生しました'), expect.stringContaining('⏰ 対応期限（2時間以内')]);
    const marked = textOf(t.h.fake.message(ALERTS_CHANNEL, failed.ts)!.attachments);
    expect(marked).toContain('⚠️ *期限超過*');
    expect(marked).toContain('要再対応');
    expect(t.h.fake.replies(ALERTS_CHANNEL, sending.ts)).toHaveLength(0);
    expect(await level(sending.id)).toBe(0);
    expect(await level(repeat.id)).toBe(0);
  });

  it('two instances sweeping at once remind once', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const [a, b] = await Promise.all([t.h.start({ clock, env: ENV }), t.h.start({ clock, env: ENV })]);
    const { ts } = await raised('late_cancel', '2026-11-30 02:00');
    clock.set('2026-11-30 04:00');
    await Promise.all([a.scheduler!.tick(), b.scheduler!.tick(), a.scheduler!.tick(), b.scheduler!.tick()]);
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(1);
    expect(t.h.fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('a failed reminder is retried on the next sweep', async () => {
    const clock = fixedClock('2026-11-30 04:10');
    const bot = await t.h.start({ clock, env: ENV });
    const { id, ts } = await raised('all_shops_ng', '2026-11-30 04:00');
    clock.set('2026-11-30 05:01');
    t.h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    expect((await bot.scheduler!.tick()).escalated).toEqual([]);
    expect(await level(id)).toBe(0);
    expect((await bot.scheduler!.tick()).escalated).toEqual([{ id, level: 1 }]);
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)).toHaveLength(1);
  });
});

describe('escalationLevelAt', () => {
  it('counts from created_at: 0, then 1 at the deadline, 2 at twice it', () => {
    const createdAt = jst('2026-11-30 10:00');
    expect(escalationLevelAt({ createdAt }, 60, jst('2026-11-30 10:59'))).toBe(0);
    expect(escalationLevelAt({ createdAt }, 60, jst('2026-11-30 11:00'))).toBe(1);
    expect(escalationLevelAt({ createdAt }, 60, jst('2026-11-30 11:59'))).toBe(1);
    expect(escalationLevelAt({ createdAt }, 60, jst('2026-11-30 12:00'))).toBe(2);
  });
});
