import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { reservations } from '../../src/db/schema.js';
import { CLAIM_ALERT_ACTION } from '../../src/views/ids/alerts.js';
import { ALL_SHOPS_NG_ACTIONS as A, ALL_SHOPS_NG_FIELDS as F, ALL_SHOPS_NG_VIEWS as V } from '../../src/views/ids/procedures/all-shops-ng.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { PAYMENT_EXPIRED_ACTIONS } from '../../src/views/ids/procedures/payment-expired.js';
import { STALE_VIEWS } from '../../src/views/ids/procedures/stale.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { DAY_BEFORE, holdViewsOpen, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'calling_failed' });
  d = procedureDriver(t.h, t.database.db);
});

const start = (env?: Record<string, string>) => t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports, env });
const found = { [F.shopName]: { value: '青山リラク' }, [F.shopPhone]: { value: '03-5555-1234' } };

async function nothingWritten() {
  const s = await d.state();
  expect(s.shops).toHaveLength(2);
  expect(s.reservation.status).toBe('calling_failed');
  expect(s.reservation.shopId).toBeNull();
  expect([s.messages, s.links, s.records]).toEqual([[], [], []]);
  expect(s.alerts[0]!.resolvedAt).toBeNull();
  expect(d.ports.sms.sent).toEqual([]);
  return s;
}

describe('bad input', () => {
  it('the A form answers field errors in Japanese, writes nothing, and then accepts the corrected values', async () => {
    await start();
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    await d.modal(V.shopFound);
    const bad = await d.submit({ [F.shopName]: { value: '　 ' }, [F.shopPhone]: { value: '090-1234-567' }, [C.amount]: { value: '0' }, [C.duration]: { value: '-5' } });
    expect(bad.ack.payload).toEqual({
      response_action: 'errors',
      errors: {
        [F.shopName]: '店舗名を入力してください',
        [F.shopPhone]: '電話番号の形式が正しくありません（例: 090-1234-5678、03-1234-5678）',
        [C.amount]: '金額は1円以上の整数で入力してください',
        [C.duration]: '所要時間は0〜1440分の整数で入力してください',
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    await nothingWritten();
    expect(t.h.fake.openViews('U0SATO').at(-1)!.callback_id).toBe(V.shopFound);

    await d.submit(found);
    await d.finished(alertId, ts);
    expect((await d.state()).reservation.status).toBe('payment_pending');
  });

  it('the B form refuses a start in the past and an end before the start', async () => {
    await start();
    const { ts } = await d.raise('all_shops_ng');
    await d.click(A.reschedule, ts);
    await d.modal(V.reschedule);
    const past = await d.submit({ [C.date]: { value: '2026-01-28' }, [C.start]: { value: '10:00' }, [C.end]: { value: '13:00' }, [F.answer]: { value: 'accepted' } });
    expect(past.ack.payload.errors).toEqual({ [C.start]: '開始日時は現在より後にしてください' });
    const reversed = await d.submit({ [C.date]: { value: '2026-01-31' }, [C.start]: { value: '13:00' }, [C.end]: { value: '10:00' }, [F.answer]: { value: 'refused' } });
    expect(reversed.ack.payload.errors).toEqual({ [C.end]: '終了時刻は開始時刻より後にしてください' });
    const s = await nothingWritten();
    expect(s.reservation.startsAt).toEqual(AROMA_RESERVATION.startsAt);
  });
});

describe('stale status (compare-and-set)', () => {
  it('changed while the form was open: the operator is told the current status and nothing is written', async () => {
    await start();
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    await d.modal(V.shopFound);
    await d.claimed(alertId);
    await t.database.db.update(reservations).set({ status: 'calling' }).where(eq(reservations.id, AROMA_RESERVATION.id));
    await d.submit(found);
    const told = await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('予約の状態')));
    expect(told).toMatchObject({ channel: ALERTS_CHANNEL, text: '予約の状態が変わっています: 現在 calling' });
    const s = await d.state();
    expect(s.shops).toHaveLength(2);
    expect(s.reservation).toMatchObject({ status: 'calling', shopId: null });
    expect([s.messages, s.links, s.records]).toEqual([[], [], []]);
    expect(s.history.map((e) => e.action)).toEqual(['alert.claimed']);
  });

  it('changed before the click: the modal says so, nothing is claimed; the alert can be closed as 対応不要', async () => {
    await start();
    const { alertId, ts } = await d.raise('all_shops_ng');
    await t.database.db.update(reservations).set({ status: 'confirmed' }).where(eq(reservations.id, AROMA_RESERVATION.id));
    await d.click(A.cancel, ts);
    const stale = await d.modal(STALE_VIEWS.close);
    expect(JSON.stringify(stale.blocks)).toContain('予約の状態が変わっています: 現在 confirmed');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text === '予約の状態が変わっています: 現在 confirmed'));
    let s = await d.state();
    expect(s.alerts[0]!.assignee).toBeNull();
    expect(s.history).toEqual([]);

    await d.submit({ [C.note]: { value: '依頼者が決済済み' } });
    const { message } = await d.finished(alertId, ts);
    s = await d.state();
    expect(s.reservation.status).toBe('confirmed');
    expect([s.messages, s.links, s.shops.length]).toEqual([[], [], 2]);
    expect(s.records[0]).toMatchObject({ result: '対応不要', summary: '予約の状態が calling_failed から confirmed に変わっていたため、手順を実行せずに完了（メモ: 依頼者が決済済み）' });
    expect(JSON.stringify(message.attachments)).toContain('✅ 完了: 対応不要（予約の状態が変わっていました: 現在 confirmed）');
  });

  it('対応不要 is refused while the status is still the alert’s', async () => {
    await start();
    const { alertId } = await d.raise('all_shops_ng');
    const metadata = JSON.stringify({ alertId, channel: ALERTS_CHANNEL, prefilledMinutes: 0 });
    await t.h.fake.submitView({ userId: 'U0SATO', callbackId: STALE_VIEWS.close, privateMetadata: metadata, values: {} });
    const told = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(told.text).toBe('予約の状態は変わっていません。アラートの手順を実行してください。');
    await nothingWritten();
  });
});

describe('idempotency', () => {
  it('a double submit and a redelivered envelope register one shop, send one SMS, move the status once', async () => {
    await start();
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    await d.modal(V.shopFound);
    const [first] = await Promise.all([d.submit(found), d.submit(found)]);
    await d.finished(alertId, ts);
    await t.h.fake.redeliver(first.envelopeId);
    await new Promise((r) => setTimeout(r, 300));
    const s = await d.state();
    expect(s.shops.filter((x) => !x.listed)).toHaveLength(1);
    expect(s.messages).toHaveLength(1);
    expect(d.ports.sms.sent).toHaveLength(1);
    expect(s.records).toHaveLength(1);
    expect(s.history.filter((e) => e.action === 'reservation.status').map((e) => e.after?.status)).toEqual(['calling_success', 'payment_pending']);
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts).filter((m) => m.text.startsWith('📝'))).toHaveLength(1);
    expect(t.h.fake.ephemerals('U0SATO')).toEqual([]);
  });

  it('a double click on a procedure button claims once and a redelivered 確認済み records once', async () => {
    await seedReservation(t.database.db, { id: 'QRV-EXP001', status: 'payment_expired' });
    await start();
    const { alertId, ts } = await d.raise('payment_expired', {}, 'QRV-EXP001');
    const [first] = await Promise.all([d.click(PAYMENT_EXPIRED_ACTIONS.acknowledge, ts), d.click(PAYMENT_EXPIRED_ACTIONS.acknowledge, ts)]);
    await d.finished(alertId, ts);
    await t.h.fake.redeliver(first.envelopeId);
    await new Promise((r) => setTimeout(r, 300));
    const s = await d.state('QRV-EXP001');
    expect(s.records).toHaveLength(1);
    expect(s.history.filter((e) => e.action === 'alert.claimed')).toHaveLength(1);
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts).filter((m) => m.text.startsWith('📝'))).toHaveLength(1);
  });
});

describe('Slack does not open the form', () => {
  it('nothing is claimed: the operator is told to press again; the second press opens the form and claims the alert', async () => {
    await start();
    const { ts } = await d.raise('all_shops_ng');
    t.h.fake.failNext('views.open', { error: 'expired_trigger_id' });
    await d.click(A.shopSearch, ts);
    const told = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(told.text).toBe('フォームを表示できませんでした（Slack がモーダルを開けませんでした）。もう一度ボタンを押してください。');
    expect(t.h.fake.openViews('U0SATO')).toEqual([]);
    const s = await d.state();
    expect(s.alerts[0]!.assignee).toBeNull();
    expect(s.history.filter((e) => e.action === 'alert.claimed')).toEqual([]);

    await d.click(A.shopSearch, ts);
    await d.modal(V.shopFound);
    await eventually(async () => (await d.state()).alerts[0]!.assignee === 'U0SATO');
    expect(t.h.fake.ephemerals('U0SATO')).toHaveLength(1);
  });

  it('another operator claims between the form being read and the claim: the form is replaced by who has it, nothing else changes', async () => {
    await start();
    const { ts } = await d.raise('all_shops_ng');
    // Sato's form was read; Slack answers its views.open only once Tanaka's 対応開始 has landed.
    const slowOpen = holdViewsOpen(t.h.fake);
    await d.click(A.shopSearch, ts);
    await slowOpen.requested;
    await d.click(CLAIM_ALERT_ACTION, ts, 'U0TANAKA');
    await eventually(async () => (await d.state()).alerts[0]!.assignee === 'U0TANAKA');
    slowOpen.release();
    const told = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(told.text).toBe('このアラートは <@U0TANAKA> さんが対応中です。');
    // The form Sato saw now says who has the alert; nothing of Sato's was written.
    const modal = await eventually(() => t.h.fake.openViews('U0SATO').at(-1));
    expect(JSON.stringify(modal)).toContain('このアラートは <@U0TANAKA> さんが対応中です。');
    const s = await d.state();
    expect(s.alerts[0]!.assignee).toBe('U0TANAKA');
    expect(s.history.filter((e) => e.action === 'alert.claimed').map((e) => e.actor)).toEqual(['U0TANAKA']);
  });
});

describe('permissions', () => {
  it('someone not in QRV_OPERATORS gets an ephemeral refusal, no modal, and nothing changes', async () => {
    t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO']);
    await start({ QRV_OPERATORS: 'S0QRVOPS' });
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts, 'U0GUEST');
    const refusal = await eventually(() => t.h.fake.ephemerals('U0GUEST')[0]);
    expect(refusal.text).toContain('オペレーターのみ');
    expect(t.h.fake.openViews('U0GUEST')).toEqual([]);

    // A forged submission of the form is refused the same way.
    const metadata = JSON.stringify({ alertId, channel: ALERTS_CHANNEL, prefilledMinutes: 0 });
    await t.h.fake.submitView({ userId: 'U0GUEST', callbackId: V.shopFound, privateMetadata: metadata, values: found });
    await eventually(() => t.h.fake.ephemerals('U0GUEST').length === 2);
    const s = await nothingWritten();
    expect(s.alerts[0]!.assignee).toBeNull();
  });

  it('an alert another operator took: the operator is told who has it', async () => {
    await start();
    const { ts } = await d.raise('all_shops_ng');
    await d.click(CLAIM_ALERT_ACTION, ts, 'U0TANAKA');
    await eventually(async () => (await d.state()).alerts[0]!.assignee === 'U0TANAKA');
    await d.click(A.shopSearch, ts, 'U0SATO');
    const told = await eventually(() => t.h.fake.ephemerals('U0SATO')[0]);
    expect(told.text).toBe('このアラートは <@U0TANAKA> さんが対応中です。');
    await nothingWritten();
  });
});
