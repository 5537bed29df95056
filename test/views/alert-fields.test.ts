import { describe, expect, it } from 'vitest';
import type { Alert, Reservation, Shop } from '../../src/db/schema.js';
import { offHoursReason, DEFAULT_DAYTIME } from '../../src/domain/all-shops-ng-options.js';
import { validateMessage } from '../../src/fake-slack/limits.js';
import { buildAlertMessage } from '../../src/views/alert-message.js';
import type { AlertCard } from '../../src/workflows/alert-card.js';
import { AROMA_RESERVATION, SHIBUYA_AROMA } from '../support/seed.js';

const reservation: Reservation = {
  ...AROMA_RESERVATION, clientEmail: null, shopId: 'SHOP-001', paymentIntentId: null, createdAt: new Date('2026-01-28T00:00:00Z'), updatedAt: new Date('2026-01-28T00:00:00Z'),
};
const shop: Shop = { ...SHIBUYA_AROMA, listed: true, createdAt: new Date('2026-01-01T00:00:00Z'), excludedAt: null, excludedBy: null };

function alert(kind: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id: 9, kind, reservationId: reservation.id, details: {}, createdAt: new Date('2026-01-29T05:00:00Z'),
    expectedStatus: 'calling_failed', escalationLevel: 0, escalatedAt: null, postLeaseOwner: null, postLeaseUntil: null, postAttempts: 0, postError: null,
    slackChannel: null, slackTs: null, postedAt: null, assignee: null, claimedAt: null, resolvedAt: null, resolvedBy: null, outcome: null,
    firstOpenedAt: null, holdUntil: null, holdReason: null, permalink: null, ingestKey: null, ingestCheck: null,
    deliveryState: null, deliveryError: null, duplicateOf: null, repeats: 0, slackSyncedHistoryId: null,
    ...overrides,
  };
}

const card = (a: Alert, extra: Partial<AlertCard> = {}): AlertCard => ({ alert: a, reservation, shop, record: null, ...extra });
const build = (c: AlertCard, daytime = DEFAULT_DAYTIME) => buildAlertMessage(c, { timeZone: 'Asia/Tokyo', daytime });
/** The field section's lines, as the operator reads them. */
const fields = (c: AlertCard) => String((build(c).attachments[0]!.blocks![1] as { text: { text: string } }).text.text).split('\n');
const buttons = (c: AlertCard) =>
  (build(c).attachments[0]!.blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => (b as { elements: Array<{ text: { text: string } }> }).elements.map((e) => e.text.text));

describe('everything step 1 needs, on the alert (the manual\'s fields first, in its order)', () => {
  it('変更依頼: 依頼者電話 after the manual\'s fields', () => {
    const lines = fields(card(alert('change_request', { details: { shop_id: 'SHOP-001', change: '希望時間を15:00→15:30に変更' } })));
    expect(lines.slice(0, 6)).toEqual([
      '予約ID: QRV-A1B2C3', 'サービス: Aroma Massage', '提携店: 〇〇マッサージ店（SHOP-001）', '変更内容: 希望時間を15:00→15:30に変更', '依頼者電話: 080-1234-5678', '',
    ]);
  });

  it('期限超過キャンセル: 依頼者電話 and 提携店電話 after the manual\'s fields', () => {
    const lines = fields(card(alert('late_cancel')));
    expect(lines[0]).toBe('予約ID: QRV-A1B2C3');
    expect(lines[2]).toBe('日時: 1月30日 14:00-17:00');
    expect(lines[3]).toMatch(/^キャンセル期限: 1月28日 14:00（超過/);
    expect(lines.slice(4, 7)).toEqual(['依頼者電話: 080-1234-5678', '提携店: 〇〇マッサージ店（SHOP-001）', '提携店電話: 03-1234-5678']);
  });

  it('曖昧な回答: what the shop said, escaped; （記録なし） without a note', () => {
    const said = fields(card(alert('ambiguous_answer'), { shopWords: '店長に確認して<!here>折り返します' }));
    expect(said.slice(3, 6)).toEqual(['提携店: 〇〇マッサージ店（SHOP-001）', '提携店電話: 03-1234-5678', '提携店の回答: 「店長に確認して&lt;!here&gt;折り返します」']);
    expect(fields(card(alert('ambiguous_answer')))).toContain('提携店の回答: （記録なし）');
  });

  it('全店NG: A/B/C with the manual\'s condition and time budget; B not marked for an afternoon booking', () => {
    const lines = fields(card(alert('all_shops_ng')));
    expect(lines.slice(0, 5)).toEqual(['予約ID: QRV-A1B2C3', 'サービス: Aroma Massage', '日時: 1月30日 14:00-17:00', '住所: 東京都渋谷区道玄坂1-2-3', '依頼者電話: 080-1234-5678']);
    expect(lines.slice(-4)).toEqual([
      '*対応方針*（条件 · 所要時間）',
      'A: 未登録店舗に電話 — 対応可能な店舗が見つかる可能性が高い · 15〜30分',
      'B: 日時変更を提案 — 時間帯が悪い（夜間、早朝等） · 10〜15分',
      'C: キャンセル処理 — 依頼者が希望を変えない場合 · 5〜10分',
    ]);
    expect(buttons(card(alert('all_shops_ng')))).toContain('B 日時変更を提案');
  });

  it('全店NG: a 07:30 booking marks B 推奨 (早朝), on the line and the button; 21:00 is 夜間; the hours are configurable', () => {
    const early = { ...reservation, startsAt: new Date('2026-01-29T22:30:00Z'), endsAt: new Date('2026-01-30T00:00:00Z') }; // 07:30 JST
    const c = card(alert('all_shops_ng'), { reservation: early });
    expect(fields(c)).toContain('*B: 日時変更を提案 — 時間帯が悪い（夜間、早朝等） · 10〜15分　← 推奨（開始 07:30 は早朝）*');
    expect(buttons(c)).toContain('B 日時変更を提案（推奨）');
    expect(offHoursReason(new Date('2026-01-30T12:00:00Z'), DEFAULT_DAYTIME, 'Asia/Tokyo')).toBe('開始 21:00 は夜間');
    expect(offHoursReason(new Date('2026-01-30T11:59:00Z'), DEFAULT_DAYTIME, 'Asia/Tokyo')).toBeNull(); // 20:59
    expect(offHoursReason(new Date('2026-01-29T23:00:00Z'), DEFAULT_DAYTIME, 'Asia/Tokyo')).toBeNull(); // 08:00
    expect(buttons(card(alert('all_shops_ng'), { reservation: early }))).toContain('B 日時変更を提案（推奨）');
    const lateShops = { fromMinute: 7 * 60, toMinute: 22 * 60 };
    expect(JSON.stringify(build(c, lateShops).attachments)).not.toContain('推奨');
  });
});

describe('colour tells state', () => {
  it('open keeps the priority colour; resolved turns grey with the priority as text; 期限超過 marked', () => {
    const open = build(card(alert('all_shops_ng')));
    expect(open.attachments[0]!.color).toBe('#F2952F');
    const overdue = build(card(alert('all_shops_ng', { escalationLevel: 1 })));
    expect(JSON.stringify(overdue.attachments)).toContain('⚠️ *期限超過*');
    const done = build(card(alert('all_shops_ng', { resolvedAt: new Date('2026-01-29T05:20:00Z'), resolvedBy: 'U0SATO', outcome: 'キャンセル処理' })));
    expect(done.attachments[0]!.color).toBe('#A0A0A0');
    expect(JSON.stringify(done.attachments)).toContain('優先度: 高（オレンジ）');
    expect(JSON.stringify(done.attachments)).not.toContain('対応方針');
    expect(validateMessage({ text: done.text, attachments: done.attachments })).toEqual([]);
  });
});

describe('history kept visible: 変更前 → 変更後', () => {
  const moved = { ...reservation, startsAt: new Date('2026-01-31T01:00:00Z'), endsAt: new Date('2026-01-31T04:00:00Z'), service: 'Thai Massage' };
  const original = { startsAt: reservation.startsAt, endsAt: reservation.endsAt, service: 'Aroma Massage' };

  it('全店NG after B: 日時 shows both', () => {
    const c = card(alert('all_shops_ng', { resolvedAt: new Date(), resolvedBy: 'U0SATO', outcome: '日時変更' }), { reservation: moved, original });
    expect(fields(c)).toContain('日時: 変更前 1月30日 14:00-17:00 → 変更後 1月31日 10:00-13:00');
    expect(fields(c)).toContain('サービス: 変更前 Aroma Massage → 変更後 Thai Massage');
  });

  it('変更依頼 (no 日時 field) still shows the changed time after the fields', () => {
    const lines = fields(card(alert('change_request'), { reservation: moved, original: { startsAt: original.startsAt, endsAt: original.endsAt } }));
    expect(lines).toContain('サービス: Thai Massage');
    expect(lines).toContain('日時: 変更前 1月30日 14:00-17:00 → 変更後 1月31日 10:00-13:00');
  });
});
