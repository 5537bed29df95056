import { beforeEach, describe, expect, it } from 'vitest';
import { callAttempts } from '../../src/db/schema.js';
import { CHANGE_ACTIONS as A, CHANGE_FIELDS as F, CHANGE_VIEWS as V } from '../../src/views/ids/procedures/change-request.js';
import { COMMON_FIELDS as C, INPUT_ACTION } from '../../src/views/ids/procedures.js';
import type { JsonObject } from '../../src/fake-slack/types.js';
import { useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  // Manual §3.5: 1月30日 15:00-16:00, the shop asks to move it to 15:30.
  await seedReservation(t.database.db, { status: 'calling', startsAt: new Date('2026-01-30T06:00:00Z'), endsAt: new Date('2026-01-30T07:00:00Z') });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'change_request' });
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock: testClock(DAY_BEFORE), ports: d.ports });
});

const raise = () => d.raise('change_request', { shop_id: SHIBUYA_AROMA.id, change: '希望時間を15:00→15:30に変更' });
const initial = (form: JsonObject, blockId: string) => {
  const element = form.blocks.find((b: JsonObject) => b.block_id === blockId).element;
  expect(element.action_id).toBe(INPUT_ACTION);
  return element.initial_date ?? element.initial_time ?? element.initial_value;
};
const attempt = async () => (await t.database.db.select().from(callAttempts))[0]!.outcome;

describe('変更依頼', () => {
  it('承諾: the form shows the change already applied; confirmed as is, the reservation moves and the link goes out', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.accept, ts);
    const form = await d.modal(V.accept);
    expect(JSON.stringify(form.blocks)).toContain('*変更内容*: 希望時間を15:00→15:30に変更');
    expect([C.date, C.start, C.end, F.service, C.amount].map((b) => initial(form, b))).toEqual(['2026-01-30', '15:30', '16:30', 'Aroma Massage', '12000']);

    await d.submit({});
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({
      status: 'payment_pending',
      shopId: SHIBUYA_AROMA.id,
      startsAt: new Date('2026-01-30T06:30:00Z'),
      endsAt: new Date('2026-01-30T07:30:00Z'),
    });
    expect(await attempt()).toBe('ok');
    expect(d.ports.sms.sent[0]!.body).toContain('1月30日 15:30-16:30');
    expect(s.records[0]!.summary).toBe(
      '依頼者に電話: 変更内容（希望時間を15:00→15:30に変更）を承諾。日時 1月30日 15:00-16:00 → 1月30日 15:30-16:30に更新し、〇〇マッサージ店（SHOP-001）で決済リンクをSMSで送信',
    );
    expect(messageText(message)).toContain('✅ 完了: 変更依頼: 承諾');
    expect(buttonsOf(message)).toEqual([]);
  });

  it('承諾 with a change of content: the service and amount are updated and the link is for the new amount', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.accept, ts);
    await d.modal(V.accept);
    await d.submit({ [C.start]: { value: '15:00' }, [C.end]: { value: '16:00' }, [F.service]: { value: 'Aroma Massage 90分' }, [C.amount]: { value: '15000' } });
    await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ service: 'Aroma Massage 90分', amountJpy: 15000, startsAt: new Date('2026-01-30T06:00:00Z') });
    expect(s.links[0]!.amountJpy).toBe(15000);
    expect(s.records[0]!.summary).toContain('内容 Aroma Massage → Aroma Massage 90分、金額 ¥12,000 → ¥15,000');
  });

  it('拒否: the shop is declined (attempt ng) and calling resumes', async () => {
    const { alertId, ts } = await raise();
    await d.click(A.reject, ts);
    const form = await d.modal(V.reject);
    expect(JSON.stringify(form.blocks)).toContain('〇〇マッサージ店（03-1234-5678）に断りの連絡');
    await d.submit({});
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ status: 'calling', shopId: null, startsAt: new Date('2026-01-30T06:00:00Z') });
    expect(await attempt()).toBe('ng');
    expect([s.messages, s.links]).toEqual([[], []]);
    expect(messageText(message)).toContain('✅ 完了: 変更依頼: 拒否（次の提携店へ）');
  });
});
