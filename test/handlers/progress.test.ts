import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts, history } from '../../src/db/schema.js';
import { CLAIM_ALERT_ACTION, HANDOVER_ACTIONS as H, HANDOVER_FIELDS as F, HANDOVER_VIEWS as V } from '../../src/views/ids/alerts.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { fixedClock, jst } from '../support/metrics-seed.js';
import { buttonsOf, messageText } from '../support/procedures.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
const ENV = { QRV_OPERATORS: 'U0SATO,U0TANAKA', QRV_SCHEDULER: 'on' };

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db);
});

async function claimedAlert(at: string) {
  const [r] = await t.database.db.insert(alerts).values({ kind: 'ambiguous_answer', reservationId: AROMA_RESERVATION.id, createdAt: jst(at) }).returning({ id: alerts.id });
  const ts = await eventually(async () => (await t.database.db.select().from(alerts).where(eq(alerts.id, r!.id)))[0]?.slackTs ?? undefined);
  await t.h.fake.clickButton({ actionId: CLAIM_ALERT_ACTION, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
  await eventually(() => t.h.fake.replies(ALERTS_CHANNEL, ts).length === 1);
  return { id: r!.id, ts };
}
const replies = (ts: string) => t.h.fake.replies(ALERTS_CHANNEL, ts).map((m) => m.text);
const row = async (id: number) => (await t.database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
const openModal = async (actionId: string, ts: string, callbackId: string) => {
  await t.h.fake.clickButton({ actionId, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: ts });
  return eventually(() => t.h.fake.openViews('U0SATO').find((v) => v.callback_id === callbackId));
};

describe('progress without closing', () => {
  it('進捗メモ: into the thread and the history; the alert stays open and claimed', async () => {
    await t.h.start({ clock: fixedClock('2026-11-30 14:10'), env: ENV });
    const { id, ts } = await claimedAlert('2026-11-30 14:00');
    await openModal(H.progress, ts, V.progress);
    const empty = await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.note]: { value: { value: ' ' } } } });
    expect(empty.ack.payload.errors).toEqual({ [F.note]: 'メモを入力してください' });
    await t.h.fake.submitView({ userId: 'U0SATO', values: { [F.note]: { value: { value: '提携店に電話、店長不在。15時に再度電話' } } } });
    await eventually(() => replies(ts).includes('📝 進捗メモ（<@U0SATO>）: 提携店に電話、店長不在。15時に再度電話'));
    const a = await row(id);
    expect([a.resolvedAt, a.assignee]).toEqual([null, 'U0SATO']);
    const [note] = await t.database.db.select().from(history).where(eq(history.action, 'alert.progress'));
    expect(note).toMatchObject({ actor: 'U0SATO', alertId: id, after: { note: '提携店に電話、店長不在。15時に再度電話' } });
  });

  it('保留 until 15:30: shown on the alert, the deadline reminder paused, the assignee reminded at 15:30', async () => {
    const clock = fixedClock('2026-11-30 14:10');
    const bot = await t.h.start({ clock, env: ENV });
    const { id, ts } = await claimedAlert('2026-11-30 14:00'); // 期限 15:00
    await openModal(H.hold, ts, V.hold);
    const past = await t.h.fake.submitView({
      userId: 'U0SATO',
      values: { [F.holdDate]: { value: '2026-11-30' }, [F.holdTime]: { value: '14:00' }, [F.holdReason]: { value: '提携店の回答待ち' } },
    });
    expect(past.ack.payload.errors).toEqual({ [F.holdTime]: '保留の期限は現在より後にしてください' });
    await t.h.fake.submitView({
      userId: 'U0SATO',
      values: { [F.holdDate]: { value: '2026-11-30' }, [F.holdTime]: { value: '15:30' }, [F.holdReason]: { value: '提携店の回答待ち' } },
    });
    await eventually(() => replies(ts).some((r) => r.startsWith('⏸ <@U0SATO> さんが保留にしました: 提携店の回答待ち（11月30日 15:30まで）')));
    await eventually(() => messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!).includes('⏸ *保留中（15:30まで）*: 提携店の回答待ち'));
    expect((await row(id)).holdReason).toBe('提携店の回答待ち');

    clock.set('2026-11-30 15:10'); // past the deadline, still on hold
    expect(await bot.scheduler!.tick()).toMatchObject({ escalated: [], holdsEnded: [] });
    expect(replies(ts).filter((r) => r.includes('⏰'))).toEqual([]);

    clock.set('2026-11-30 15:30');
    expect(await bot.scheduler!.tick()).toMatchObject({ holdsEnded: [id], escalated: [{ id, level: 1 }] });
    expect(replies(ts).filter((r) => r.includes('⏰'))[0]).toBe('<@U0SATO> ⏰ 保留の期限（15:30）になりました: 提携店の回答待ち。対応を再開してください。');
    const message = t.h.fake.message(ALERTS_CHANNEL, ts)!;
    expect(messageText(message)).not.toContain('保留中');
    expect(buttonsOf(message)).toContain(H.hold);
    expect(await bot.scheduler!.tick()).toMatchObject({ holdsEnded: [] });
    const reminder = t.h.fake.replies(ALERTS_CHANNEL, ts).find((m) => m.text.includes('⏰ 対応期限'))!;
    expect(JSON.stringify(reminder.blocks)).toContain(H.takeOver);
  });
});
