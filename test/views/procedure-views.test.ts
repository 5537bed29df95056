import { describe, expect, it } from 'vitest';
import type { ModalView } from '@slack/types';
import type { Alert, Reservation, Shop } from '../../src/db/schema.js';
import { formatProblem, validateView } from '../../src/fake-slack/limits.js';
import { ALL_SHOPS_NG_FIELDS } from '../../src/views/ids/procedures/all-shops-ng.js';
import { COMMON_FIELDS } from '../../src/views/ids/procedures.js';
import { buildCancelModal, parseCancel } from '../../src/views/procedures/all-shops-ng/cancel.js';
import { buildRescheduleModal, parseReschedule } from '../../src/views/procedures/all-shops-ng/reschedule.js';
import { buildShopFoundModal, parseShopFound } from '../../src/views/procedures/all-shops-ng/shop-found.js';
import { buildAmbiguousNgModal, buildAmbiguousOkModal, parseAmbiguousOk } from '../../src/views/procedures/ambiguous-answer.js';
import { buildChangeAcceptModal, buildChangeRejectModal, parseChangeAccept } from '../../src/views/procedures/change-request.js';
import type { FormContext } from '../../src/views/procedures/context.js';
import { decodeMetadata, encodeMetadata, type FormValues } from '../../src/views/procedures/form.js';
import { buildPolicyCancelModal, buildSpecialCancelModal, parseSpecialCancel } from '../../src/views/procedures/late-cancel.js';
import { buildRecordNote } from '../../src/views/procedures/record-note.js';
import { buildSmsFailedModal, parseSmsFailed } from '../../src/views/procedures/sms-failed.js';

const reservation: Reservation = {
  id: 'QRV-A1B2C3',
  service: 'Aroma <Massage>',
  startsAt: new Date('2026-01-30T05:00:00Z'),
  endsAt: new Date('2026-01-30T08:00:00Z'),
  address: '東京都渋谷区道玄坂1-2-3',
  clientPhone: '080-1234-5678',
  clientEmail: null,
  status: 'calling_failed',
  shopId: null,
  amountJpy: null,
  paymentIntentId: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};
const shop: Shop = { id: 'SHOP-001', name: '〇〇マッサージ店', phone: '03-1234-5678', area: '渋谷', listed: true, createdAt: new Date(), excludedAt: null, excludedBy: null };
const alert = { id: 7, kind: 'change_request', reservationId: reservation.id, details: { shop_id: 'SHOP-001', change: '希望時間を14:00→14:30に変更' } } as unknown as Alert;
const ctx: FormContext = {
  start: { alert, reservation, shop, claimedAt: new Date('2026-01-29T03:00:00Z'), elapsedMinutes: 6, openedAt: new Date('2026-01-29T03:06:00Z'), newlyClaimed: false },
  timeZone: 'Asia/Tokyo',
  channel: 'C0QRVALERT',
};
const meta = decodeMetadata(encodeMetadata({ alertId: 7, channel: 'C0QRVALERT', prefilledMinutes: 6 }));

const MODALS: Array<[string, ModalView]> = [
  ['A', buildShopFoundModal({ ...ctx, areaHint: '渋谷' })],
  ['B', buildRescheduleModal(ctx, [{ s: 'A' }])],
  ['C', buildCancelModal(ctx, [{ s: 'A' }, { s: 'B', from: '2026-01-31T01:00:00Z', to: '2026-01-31T04:00:00Z' }])],
  ['sms', buildSmsFailedModal(ctx)],
  ['ok', buildAmbiguousOkModal(ctx)],
  ['ng', buildAmbiguousNgModal(ctx)],
  ['accept', buildChangeAcceptModal(ctx)],
  ['reject', buildChangeRejectModal(ctx)],
  ['special', buildSpecialCancelModal(ctx)],
  ['policy', buildPolicyCancelModal(ctx)],
];

const inputIds = (view: ModalView) => new Set(view.blocks.filter((b) => b.type === 'input').map((b) => (b as { block_id: string }).block_id));
const text = (view: ModalView) => JSON.stringify(view.blocks);

describe('procedure modals', () => {
  it.each(MODALS)('%s is a valid modal within Slack’s limits, with the record prefilled and its state in private_metadata', (_name, view) => {
    expect(validateView(view).map(formatProblem)).toEqual([]);
    expect(inputIds(view).has(COMMON_FIELDS.duration)).toBe(true);
    expect(text(view)).toContain('"initial_value":"6"');
    expect(text(view)).toContain('対応開始 12:00 からの経過時間');
    expect(decodeMetadata(view.private_metadata)).toMatchObject({ alertId: 7, channel: 'C0QRVALERT', prefilledMinutes: 6, openedAt: '2026-01-29T03:06:00.000Z' });
    expect(text(view)).toContain('Aroma &lt;Massage&gt;');
  });

  it('asks for the amount only where it is unknown or may change', () => {
    const withAmount = MODALS.filter(([, v]) => inputIds(v).has(COMMON_FIELDS.amount)).map(([n]) => n);
    // 特別な事情あり asks for the refund's amount because this reservation has none.
    expect(withAmount).toEqual(['A', 'sms', 'ok', 'accept', 'special']);
    const priced = { ...ctx, start: { ...ctx.start, reservation: { ...reservation, amountJpy: 12000 } } };
    expect(inputIds(buildSmsFailedModal(priced)).has(COMMON_FIELDS.amount)).toBe(false);
    expect(inputIds(buildSpecialCancelModal(priced)).has(COMMON_FIELDS.amount)).toBe(false);
  });

  it('field errors are keyed by input block ids of the same modal', () => {
    const cases: Array<[ModalView, Record<string, string>]> = [
      [MODALS[0]![1], (parseShopFound({}, meta) as { errors: Record<string, string> }).errors],
      [MODALS[1]![1], (parseReschedule({}, meta, { now: new Date(), timeZone: 'Asia/Tokyo' }) as { errors: Record<string, string> }).errors],
      [MODALS[2]![1], (parseCancel({}, meta) as { errors: Record<string, string> }).errors],
      [MODALS[3]![1], (parseSmsFailed({}, meta) as { errors: Record<string, string> }).errors],
      [MODALS[6]![1], (parseChangeAccept({}, meta, { now: new Date(), timeZone: 'Asia/Tokyo' }) as { errors: Record<string, string> }).errors],
      [MODALS[8]![1], (parseSpecialCancel({}, meta) as { errors: Record<string, string> }).errors],
    ];
    for (const [view, errors] of cases) {
      expect(Object.keys(errors).length).toBeGreaterThan(0);
      for (const key of Object.keys(errors)) expect(inputIds(view)).toContain(key);
    }
  });

  it('所要時間 left as prefilled is measured at the end; edited, it is kept', () => {
    const values = (duration: string): FormValues => ({ [COMMON_FIELDS.duration]: { value: { type: 'number_input', value: duration } } });
    expect(parseAmbiguousOk(values('6'), meta)).toEqual({ ok: true, value: { amountJpy: null, record: { durationMinutes: null, note: null } } });
    expect(parseAmbiguousOk(values('２０'), meta)).toEqual({ ok: true, value: { amountJpy: null, record: { durationMinutes: 20, note: null } } });
    // The form's opening time travels with the record (a submission that claims the alert counts from it).
    const opened = decodeMetadata(encodeMetadata({ alertId: 7, channel: 'C0QRVALERT', prefilledMinutes: 6, openedAt: '2026-01-29T03:06:00.000Z' }));
    expect(parseAmbiguousOk(values('6'), opened)).toEqual({ ok: true, value: { amountJpy: null, record: { durationMinutes: null, note: null, openedAt: new Date('2026-01-29T03:06:00Z') } } });
  });

  it('refuses metadata that was not written by the bot', () => {
    for (const raw of ['', '{', '{"alertId":"7"}', JSON.stringify({ alertId: 7, channel: 'C1', prefilledMinutes: 0, path: [{ s: 'Z' }] }), JSON.stringify({ alertId: 7, channel: 'C1', prefilledMinutes: 0, openedAt: 'yesterday' }), JSON.stringify({ alertId: 7, channel: 'C1', prefilledMinutes: 0, openedAt: 5 })]) {
      expect(() => decodeMetadata(raw)).toThrow(/フォームの情報を読み取れませんでした/);
    }
    expect(ALL_SHOPS_NG_FIELDS.shopName).toBe('shop_name');
  });
});

describe('record note', () => {
  it('shows 対応内容, 所要時間, 結果 and what was sent, escaping typed text', () => {
    const note = buildRecordNote(
      { id: 1, alertId: 7, reservationId: 'QRV-A1B2C3', procedure: 'all_shops_ng', summary: '<!channel> 登録', durationMinutes: 75, result: '予約成立・決済待ち', actor: 'U0SATO', createdAt: new Date() },
      { messages: [], paymentLinks: [], refunds: [] },
      'Asia/Tokyo',
    );
    expect(note).toBe('📝 対応記録 — <@U0SATO>\n対応内容: &lt;!channel&gt; 登録\n所要時間: 1時間15分\n結果: 予約成立・決済待ち');
  });
});

describe('SMS送信失敗 form for an opted-out number (issue #9)', () => {
  it('never says the number is fine when Twilio said 21610; shows the reason', () => {
    const optedOut = { ...alert, kind: 'sms_failed', details: { error: { code: 21610, message: 'unsubscribed' } } } as unknown as Alert;
    const text = JSON.stringify(buildSmsFailedModal({ ...ctx, start: { ...ctx.start, alert: optedOut, reservation: { ...reservation, clientPhone: '090-1234-5678' } } }).blocks);
    expect(text).toContain('⚠️ 受信拒否済み（受信拒否（Twilio 21610））');
    expect(text).toContain('*失敗理由*: 受信拒否（Twilio 21610）');
    expect(text).not.toContain('✅ 携帯電話番号の形式です');
  });
});
