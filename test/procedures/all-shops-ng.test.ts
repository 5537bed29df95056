import { beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { callAttempts, shops } from '../../src/db/schema.js';
import { ALL_SHOPS_NG_ACTIONS as A, ALL_SHOPS_NG_FIELDS as F, ALL_SHOPS_NG_VIEWS as V, candidateCallBlockId } from '../../src/views/ids/procedures/all-shops-ng.js';
import { COMMON_FIELDS as C } from '../../src/views/ids/procedures.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { AROMA_RESERVATION, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
let clock: ReturnType<typeof testClock>;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  await seedShops(t.database.db);
  await seedReservation(t.database.db, { status: 'calling_failed' });
  for (const round of [1, 2]) {
    for (const shop of [SHIBUYA_AROMA, DOGENZAKA]) await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: shop.id, round, outcome: 'ng' });
  }
  clock = testClock(DAY_BEFORE);
  d = procedureDriver(t.h, t.database.db);
  await t.h.start({ clock, ports: d.ports });
});

const v = (value: string) => ({ value });

describe('全店NG A 未登録店舗に電話', () => {
  it('lists up to 5 candidates from the unregistered-shop list in the area, not yet called for this reservation', async () => {
    await t.database.db.insert(shops).values([
      { id: 'SHOP-201', name: '宇田川ほぐし', phone: '03-7777-0001', area: '渋谷区', listed: false },
      { id: 'SHOP-202', name: '神南リラク', phone: '03-7777-0002', area: '渋谷', listed: false },
      { id: 'SHOP-203', name: '電話済みの店', phone: '03-7777-0003', area: '渋谷区', listed: false },
      { id: 'SHOP-204', name: '対象外の店', phone: '03-7777-0004', area: '渋谷区', listed: false, excludedAt: new Date(), excludedBy: 'U0SATO' },
      { id: 'SHOP-205', name: '足立区の店', phone: '03-7777-0005', area: '足立区', listed: false },
    ]);
    await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: 'SHOP-203', round: 2, outcome: 'ng' });
    const { ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    const text = JSON.stringify((await d.modal(V.shopFound)).blocks);
    expect(text).toContain('候補（未登録店舗リスト、渋谷、未架電）');
    expect(text).toContain('宇田川ほぐし（SHOP-201） 03-7777-0001');
    expect(text).toContain('神南リラク（SHOP-202） 03-7777-0002');
    for (const absent of ['電話済みの店', '対象外の店', '足立区の店', '近隣エリア', '〇〇マッサージ店（SHOP-001）']) expect(text).not.toContain(absent);
  });

  it('fewer than 5 in the area: filled from the neighbouring wards (港, then 新宿), nearest first; other wards not', async () => {
    await t.database.db.insert(shops).values([
      { id: 'SHOP-301', name: '渋谷の店1', phone: '03-7777-1001', area: '渋谷区', listed: false },
      { id: 'SHOP-302', name: '渋谷の店2', phone: '03-7777-1002', area: '渋谷', listed: false },
      { id: 'SHOP-303', name: '新宿の店1', phone: '03-7777-1003', area: '新宿区', listed: false },
      { id: 'SHOP-304', name: '港の店1', phone: '03-7777-1004', area: '港区', listed: false },
      { id: 'SHOP-305', name: '港の店2', phone: '03-7777-1005', area: '港区', listed: false },
      { id: 'SHOP-306', name: '新宿の店2', phone: '03-7777-1006', area: '新宿区', listed: false },
      { id: 'SHOP-307', name: '足立の店', phone: '03-7777-1007', area: '足立区', listed: false },
    ]);
    const { ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    const form = await d.modal(V.shopFound);
    const text = JSON.stringify(form.blocks);
    expect(text).toContain('候補（未登録店舗リスト、渋谷＋近隣エリア、未架電）');
    const listed = form.blocks
      .map((b: { block_id?: string }) => b.block_id)
      .filter((id: string | undefined) => id?.startsWith(`${F.candidateCall}:`));
    expect(listed).toEqual(['SHOP-301', 'SHOP-302', 'SHOP-304', 'SHOP-305', 'SHOP-303'].map(candidateCallBlockId));
    expect(text).toContain('港の店1（SHOP-304） 03-7777-1004 · 港区');
    for (const absent of ['新宿の店2', '足立の店']) expect(text).not.toContain(absent);
  });

  /** Three unlisted shops in 渋谷, an 全店NG alert, and its A form listing them as 候補. */
  const candidatesForm = async () => {
    await t.database.db.insert(shops).values([
      { id: 'SHOP-201', name: '宇田川ほぐし', phone: '03-7777-0001', area: '渋谷区', listed: false },
      { id: 'SHOP-202', name: '神南リラク', phone: '03-7777-0002', area: '渋谷', listed: false },
      { id: 'SHOP-206', name: '桜丘ボディケア', phone: '03-7777-0006', area: '渋谷区', listed: false },
    ]);
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    return { alertId, ts, form: await d.modal(V.shopFound) };
  };

  it('candidates ticked NG and 不在 are written to call_attempts with the record, and listed in it; unticked ones are not', async () => {
    const { alertId, ts, form } = await candidatesForm();
    const selects = form.blocks.filter((b: { block_id?: string }) => b.block_id?.startsWith(`${F.candidateCall}:`));
    expect(selects.map((b: { block_id: string; optional?: boolean }) => [b.block_id, b.optional])).toEqual([
      [candidateCallBlockId('SHOP-201'), true],
      [candidateCallBlockId('SHOP-202'), true],
      [candidateCallBlockId('SHOP-206'), true],
    ]);
    expect(selects[0].element.options.map((o: { text: { text: string } }) => o.text.text)).toEqual(['OK', 'NG', '不在']);

    await d.submit({
      [candidateCallBlockId('SHOP-201')]: { value: 'ng' },
      [candidateCallBlockId('SHOP-202')]: { value: 'no_answer' },
      [F.shopName]: { value: v('青山リラク') },
      [F.shopPhone]: { value: v('03-5555-1234') },
    });
    const { note } = await d.finished(alertId, ts);
    const rows = await t.database.db.select().from(callAttempts).where(eq(callAttempts.reservationId, AROMA_RESERVATION.id)).orderBy(asc(callAttempts.id));
    expect(rows.slice(4).map((r) => [r.shopId, r.round, r.outcome, r.note])).toEqual([
      ['SHOP-201', 2, 'ng', '全店NG A 候補に電話'],
      ['SHOP-202', 2, 'no_answer', '全店NG A 候補に電話'],
    ]);
    const s = await d.state();
    expect(s.records[0]!.summary).toContain('。候補に電話: 宇田川ほぐし（SHOP-201）NG、神南リラク（SHOP-202）不在');
    expect(s.records[0]!.summary).not.toContain('SHOP-206');
    expect(note.text).toContain('宇田川ほぐし（SHOP-201）NG');
    expect(s.reservation.status).toBe('payment_pending');
  });

  it('a shop is found: registered unlisted as SHOP-003, assigned, payment link by SMS, payment_pending, recorded, message updated', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    const form = await d.modal(V.shopFound);
    expect(JSON.stringify(form.blocks)).toContain('1月30日 14:00-17:00');
    const area = form.blocks.find((b: { block_id?: string }) => b.block_id === F.shopArea);
    expect(area.element.initial_value).toBe('渋谷');

    clock.advance(12);
    await d.submit({ [F.shopName]: { value: v('青山リラク') }, [F.shopPhone]: { value: v('０３ー５５５５ー１２３４') } });
    const { message, note, results } = await d.finished(alertId, ts);

    const s = await d.state();
    expect(s.shops.map((x) => [x.id, x.listed])).toEqual([['SHOP-001', true], ['SHOP-002', true], ['SHOP-003', false]]);
    expect(s.shops[2]).toMatchObject({ name: '青山リラク', phone: '03-5555-1234', area: '渋谷' });
    expect(s.reservation).toMatchObject({ status: 'payment_pending', shopId: 'SHOP-003', amountJpy: 12000 });
    expect(s.links).toHaveLength(1);
    expect(s.links[0]).toMatchObject({ status: 'open', amountJpy: 12000, provider: 'local' });
    expect(s.links[0]!.url).toMatch(/^http:\/\/localhost\/qrv-pay\/cs_local_/);
    expect(s.links[0]!.sentAt).toEqual(clock.now());
    expect(s.links[0]!.expiresAt!.getTime() - s.links[0]!.sentAt!.getTime()).toBe(10 * 60_000);
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ channel: 'sms', recipient: '080-1234-5678', status: 'sent' });
    expect(s.messages[0]!.body).toContain(s.links[0]!.url!);
    expect(d.ports.sms.sent.map((m) => [m.to, m.body])).toEqual([['080-1234-5678', s.messages[0]!.body]]);

    expect(s.records).toHaveLength(1);
    expect(s.records[0]).toMatchObject({ procedure: 'all_shops_ng', durationMinutes: 12, result: '予約成立・決済待ち', actor: 'U0SATO' });
    expect(s.records[0]!.summary).toContain('青山リラク（SHOP-003・03-5555-1234・渋谷）を未登録店舗として登録');
    expect(s.history.map((e) => [e.action, e.before?.status ?? null, e.after?.status ?? null])).toEqual([
      ['alert.claimed', null, null],
      ['shop.registered', null, null],
      ['reservation.status', 'calling_failed', 'calling_success'],
      ['alert.resolved', null, null],
      ['payment_link.sent', null, null],
      ['reservation.status', 'calling_success', 'payment_pending'],
      ['alert.delivered', null, null],
    ]);

    expect(messageText(message)).toContain('✅ 完了: 未登録店舗に電話: 予約成立（青山リラク） — <@U0SATO>, 12分');
    expect(buttonsOf(message)).toEqual([]);
    expect(note.text).toContain('所要時間: 12分');
    expect(note.text).toContain('SMS → 080-1234-5678 ');
    expect(results.join('\n')).toContain('📤 送信結果: SMS → 080-1234-5678 未送信（ローカル記録のみ）（決済リンク http://localhost/qrv-pay/cs_local_');
    expect(t.h.fake.replies(ALERTS_CHANNEL, ts)[0]!.text).toMatch(/^<@U0SATO> さんが対応を開始しました/);
    expect(t.h.fake.openViews('U0SATO')).toEqual([]);
  });

  it('all refused → B: the client accepts the new time; times updated, calling again, no SMS', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.shopSearch, ts);
    const form = await d.modal(V.shopFound);
    await d.clickInModal(A.allRefused, form.id);
    const b = await d.modal(V.reschedule);
    expect(b.id).toBe(form.id);
    expect(JSON.stringify(b.blocks)).toContain('A 未登録店舗に電話: 全て断られた');

    await d.submit({ [C.date]: { value: '2026-01-31' }, [C.start]: { value: '10:00' }, [C.end]: { value: '13:00' }, [F.answer]: { value: 'accepted' } });
    const { message } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation).toMatchObject({ status: 'calling', startsAt: new Date('2026-01-31T01:00:00Z'), endsAt: new Date('2026-01-31T04:00:00Z') });
    expect(s.messages).toEqual([]);
    expect(s.shops).toHaveLength(2);
    expect(s.records[0]!.summary).toBe('A 未登録店舗に電話: 全て断られた → B 日時変更を提案: 1月30日 14:00-17:00 → 1月31日 10:00-13:00、依頼者が承諾');
    expect(s.records[0]!.result).toBe('日時を変更し電話代行を再実行（calling）');
    expect(messageText(message)).toContain('✅ 完了: 日時変更を提案: 承諾（電話代行を再実行）');
  });

  it('candidates ticked NG and 不在, then 全て断られた → B refused → C: two call_attempts with the C record, listed in it', async () => {
    const { alertId, ts, form } = await candidatesForm();
    await d.clickInModal(A.allRefused, form.id, 'U0SATO', {
      [candidateCallBlockId('SHOP-201')]: { value: 'ng' },
      [candidateCallBlockId('SHOP-202')]: { value: 'no_answer' },
    });
    await d.modal(V.reschedule);
    const countRows = async () => (await t.database.db.select().from(callAttempts).where(eq(callAttempts.reservationId, AROMA_RESERVATION.id))).length;
    expect(await countRows()).toBe(4);
    await d.submit({ [C.date]: { value: '2026-01-31' }, [C.start]: { value: '10:00' }, [C.end]: { value: '13:00' }, [F.answer]: { value: 'refused' } });
    await d.modal(V.cancel);
    expect(await countRows()).toBe(4);

    await d.submit({ [F.consent]: { value: ['consent'] } });
    const { note } = await d.finished(alertId, ts);
    const rows = await t.database.db.select().from(callAttempts).where(eq(callAttempts.reservationId, AROMA_RESERVATION.id)).orderBy(asc(callAttempts.id));
    expect(rows.slice(4).map((r) => [r.shopId, r.round, r.outcome, r.note])).toEqual([
      ['SHOP-201', 2, 'ng', '全店NG A 候補に電話'],
      ['SHOP-202', 2, 'no_answer', '全店NG A 候補に電話'],
    ]);
    const s = await d.state();
    expect(s.reservation.status).toBe('failed');
    expect(s.records[0]!.summary).toMatch(/^A 未登録店舗に電話: 全て断られた → B .* → C キャンセル処理: .*。候補に電話: 宇田川ほぐし（SHOP-201）NG、神南リラク（SHOP-202）不在$/);
    expect(s.records[0]!.summary).not.toContain('SHOP-206');
    expect(note.text).toContain('神南リラク（SHOP-202）不在');
  });

  it('B refused → C: with the consent, failed and the SMS 「現在、予約できませんでした」', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.reschedule, ts);
    await d.modal(V.reschedule);
    const refused = await d.submit({ [C.date]: { value: '2026-01-31' }, [C.start]: { value: '10:00' }, [C.end]: { value: '13:00' }, [F.answer]: { value: 'refused' } });
    expect(refused.ack.payload.response_action).toBe('update');
    const c = await d.modal(V.cancel);
    expect(JSON.stringify(c.blocks)).toContain('現在、予約できませんでした');
    expect((await d.state()).reservation.status).toBe('calling_failed');

    clock.advance(7);
    await d.submit({ [F.consent]: { value: ['consent'] } });
    const { message, note } = await d.finished(alertId, ts);
    const s = await d.state();
    expect(s.reservation.status).toBe('failed');
    expect(s.reservation.startsAt).toEqual(AROMA_RESERVATION.startsAt);
    expect(s.messages.map((m) => [m.channel, m.recipient, m.body, m.status])).toEqual([
      ['sms', '080-1234-5678', '【Qualfia予約代行】現在、予約できませんでした（予約ID: QRV-A1B2C3）', 'sent'],
    ]);
    expect(s.links).toEqual([]);
    expect(s.records[0]!.summary).toBe(
      'B 日時変更を提案（1月31日 10:00-13:00）: 依頼者が拒否 → C キャンセル処理: 依頼者の了承を得て、SMSで「現在、予約できませんでした」と通知（080-1234-5678）',
    );
    expect(s.records[0]!.durationMinutes).toBe(7);
    expect(messageText(message)).toContain('✅ 完了: キャンセル処理 — <@U0SATO>, 7分');
    expect(note.text).toContain('結果: 予約不可（failed）');
  });
});

describe('/qrv status after a procedure', () => {
  it('lists the record and what was sent', async () => {
    const { alertId, ts } = await d.raise('all_shops_ng');
    await d.click(A.cancel, ts);
    await d.modal(V.cancel);
    await d.submit({ [F.consent]: { value: ['consent'] } });
    await d.finished(alertId, ts);
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'status QRV-A1B2C3', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const card = JSON.stringify(await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.startsWith('予約 QRV-A1B2C3'))));
    expect(card).toContain('予約不可（failed）');
    expect(card).toContain('【マニュアルオペレーション】全店NG — ✅ 完了 <@U0SATO>');
    expect(card).toContain('対応内容: C キャンセル処理: 依頼者の了承を得て');
    expect(card).toContain('結果: 予約不可（failed）');
    expect(card).toContain('*送信（SMS・Email・決済リンク・返金）*');
    expect(card).toContain('1月29日 12:00 SMS → 080-1234-5678 未送信（ローカル記録のみ）');
    expect(card).toContain('ステータス変更 calling_failed → failed — <@U0SATO>');
  });
});
