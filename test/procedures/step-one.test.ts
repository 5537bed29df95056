import { beforeEach, describe, expect, it } from 'vitest';
import { ALL_SHOPS_NG_ACTIONS as A, ALL_SHOPS_NG_FIELDS as F, ALL_SHOPS_NG_VIEWS as V } from '../../src/views/ids/procedures/all-shops-ng.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { useBotTest } from '../support/bot.js';
import { DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
});

const start = () => t.h.start({ clock, ports: d.ports });

describe('曖昧な回答: the shop\'s words on the alert', () => {
  it('shows the latest note that shop left on a call (not another shop\'s)', async () => {
    await seedReservation(t.database.db, { status: 'calling' });
    const at = (m: number) => new Date(Date.parse(DAY_BEFORE) - m * 60_000);
    await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'no_answer', note: '留守電', createdAt: at(30) });
    await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: DOGENZAKA.id, round: 1, outcome: 'ng', note: '満席です', createdAt: at(20) });
    await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 2, outcome: 'ambiguous', note: '店長に確認して折り返します', createdAt: at(10) });
    await start();
    const { ts } = await d.raise('ambiguous_answer', { shop_id: SHIBUYA_AROMA.id });
    const text = messageText(t.h.fake.message('C0QRVALERT', ts)!);
    expect(text).toContain('提携店電話: 03-1234-5678\\n提携店の回答: 「店長に確認して折り返します」');
    expect(text).not.toContain('満席です');
  });
});

describe('全店NG B 日時変更を提案', () => {
  beforeEach(async () => {
    await seedReservation(t.database.db, { status: 'calling_failed' });
    await start();
  });

  it('refuses a proposal equal to the current time (field error); nothing is written', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.reschedule, ts);
    await d.modal(V.reschedule);
    const res = await d.submit({ [C.date]: { value: '2026-01-30' }, [C.start]: { value: '14:00' }, [C.end]: { value: '17:00' }, [F.answer]: { value: 'accepted' } });
    expect(res.ack.payload).toEqual({ response_action: 'errors', errors: { [C.start]: '現在の予約と同じ日時です。別の日時を提案してください' } });
    const s = await d.state();
    expect(s.reservation.startsAt).toEqual(AROMA_RESERVATION.startsAt);
    expect(s.alerts.find((a) => a.id === alertId)!.resolvedAt).toBeNull();
  });

  it('after the change the alert shows 変更前 → 変更後, turns grey, and 所要時間 counts from the first open', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.reschedule, ts);
    const first = await d.modal(V.reschedule);
    await t.h.fake.closeView({ userId: 'U0SATO', viewId: first.id });
    // The form is shown before its claim lands (issue 15): the first open is stamped by the claim.
    await d.claimed(alertId);
    clock.advance(9); // the phone call
    await d.click(A.reschedule, ts);
    const again = await d.modal(V.reschedule);
    expect(JSON.stringify(again.blocks)).toContain('"initial_value":"9"');
    clock.advance(4);
    await d.submit({ [C.date]: { value: '2026-01-31' }, [C.start]: { value: '10:00' }, [C.end]: { value: '13:00' }, [F.answer]: { value: 'accepted' } });
    const { message } = await d.finished(alertId, ts);
    expect(messageText(message)).toContain('日時: 変更前 1月30日 14:00-17:00 → 変更後 1月31日 10:00-13:00');
    expect(message.attachments[0].color).toBe('#A0A0A0');
    expect((await d.state()).records[0]!.durationMinutes).toBe(13);
  });
});
