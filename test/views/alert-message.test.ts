import { describe, expect, it } from 'vitest';
import type { Alert, Reservation } from '../../src/db/schema.js';
import { resolveAlertKind } from '../../src/domain/alert-kinds.js';
import { buildAlertMessage } from '../../src/views/alert-message.js';
import { validateMessage } from '../../src/fake-slack/limits.js';
import { AROMA_RESERVATION } from '../support/seed.js';

const reservation: Reservation = {
  ...AROMA_RESERVATION,
  clientEmail: null,
  shopId: null,
  paymentIntentId: null,
  createdAt: new Date('2026-01-28T00:00:00Z'),
  updatedAt: new Date('2026-01-28T00:00:00Z'),
};

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 7, kind: 'all_shops_ng', reservationId: reservation.id, details: {}, createdAt: new Date('2026-01-29T05:00:00Z'),
    expectedStatus: 'calling_failed', escalationLevel: 0, escalatedAt: null, postLeaseOwner: null, postLeaseUntil: null, postAttempts: 0, postError: null,
    slackChannel: null, slackTs: null, postedAt: null, assignee: null, claimedAt: null, resolvedAt: null, resolvedBy: null, outcome: null,
    deliveryState: null, deliveryError: null, duplicateOf: null, repeats: 0, slackSyncedHistoryId: null,
    firstOpenedAt: null, holdUntil: null, holdReason: null, permalink: null, ingestKey: null, ingestCheck: null,
    ...overrides,
  };
}

const build = (a: Alert, r: Reservation | null = reservation) => buildAlertMessage({ alert: a, reservation: r, shop: null, record: null }, { timeZone: 'Asia/Tokyo' });
const text = (m: ReturnType<typeof build>) => JSON.stringify(m.attachments);

describe('alert message builder', () => {
  it('stays within Slack limits and carries the alert id as metadata', () => {
    const m = build(alert());
    expect(validateMessage({ text: m.text, attachments: m.attachments })).toEqual([]);
    expect(m.metadata).toEqual({ event_type: 'qrv_alert', event_payload: { alert_id: 7 } });
  });

  it('shows 担当 after a claim and drops 対応開始', () => {
    const m = build(alert({ assignee: 'U0SATO', claimedAt: new Date('2026-01-29T05:05:00Z') }));
    expect(text(m)).toContain('担当: <@U0SATO>（対応開始 14:05）');
    expect(text(m)).not.toContain('対応開始"');
  });

  it('shows the outcome and removes the buttons when resolved', () => {
    const m = build(
      alert({ assignee: 'U0SATO', claimedAt: new Date('2026-01-29T05:05:00Z'), resolvedAt: new Date('2026-01-29T05:17:00Z'), resolvedBy: 'U0SATO', outcome: 'キャンセル処理' }),
    );
    expect(text(m)).toContain('✅ 完了: キャンセル処理 — <@U0SATO>, 12分');
    expect(m.attachments[0]!.blocks!.some((b) => b.type === 'actions')).toBe(false);
  });

  it('escapes text from the database so it cannot mention or link', () => {
    const m = build(alert(), { ...reservation, address: '<!channel> <https://evil|click>' });
    expect(text(m)).toContain('&lt;!channel&gt;');
    expect(text(m)).not.toContain('<!channel>');
  });

  it('an unknown reservation still renders', () => {
    expect(text(build(alert(), null))).toContain('サービス: （不明）');
  });

  it('deadline labels follow the manual and the configured override', () => {
    expect(resolveAlertKind('sms_failed').deadlineLabel).toBe('30分以内（緊急）');
    expect(resolveAlertKind('late_cancel').deadlineLabel).toBe('2時間以内');
    expect(resolveAlertKind('payment_expired').deadlineLabel).toBe('24時間以内');
    expect(resolveAlertKind('change_request', { change_request: { deadlineMinutes: 120 } }).deadlineLabel).toBe('2時間以内');
    expect(resolveAlertKind('system', {}, { severity: 'low' }).priority).toBe('low');
    expect(resolveAlertKind('system', {}, { severity: 'critical' }).deadlineLabel).toBe('即座');
  });
});

describe('SMS送信失敗 says what failed before the call (issue #9)', () => {
  const smsFailed = (details: Record<string, unknown>, r: Reservation = reservation) => text(build(alert({ kind: 'sms_failed', details }), r));

  it('shows the reason from details.error with its Japanese meaning, and the phone verdict', () => {
    expect(smsFailed({ error: { code: 21610, message: 'Attempt to send to unsubscribed recipient' } })).toContain('失敗理由: 受信拒否（Twilio 21610）');
    expect(smsFailed({ error: { code: 21610 } })).toContain('電話番号の判定: 受信拒否済み');
    expect(smsFailed({ error: { code: 21211 } })).toContain('失敗理由: 無効な番号（Twilio 21211）');
    expect(smsFailed({ error: { code: 30003 } })).toContain('到達不能（電源オフ・圏外の可能性）（Twilio 30003）');
    expect(smsFailed({ error: { code: 30006 } }, { ...reservation, clientPhone: '03-1234-5678' })).toContain('電話番号の判定: 固定電話');
    expect(smsFailed({}, { ...reservation, clientPhone: '090-1234-567' })).toContain('電話番号の判定: 形式不正');
    expect(smsFailed({ error: 'Twilioが一時的に利用できません（HTTP 500）' })).toContain('失敗理由: Twilioが一時的に利用できません（HTTP 500）');
    expect(smsFailed({})).toContain('失敗理由: （不明: 理由が記録されていません）');
    expect(smsFailed({})).toContain('電話番号の判定: 携帯');
  });
});

describe('outcome states (未対応 → 対応中 → 送信中 → ✅ 完了 / 要再対応)', () => {
  const claimed = { assignee: 'U0SATO', claimedAt: new Date('2026-01-29T05:05:00Z') };
  const submitted = { ...claimed, resolvedAt: new Date('2026-01-29T05:17:00Z'), resolvedBy: 'U0SATO', outcome: '予約OK' };

  it('送信中 while the sends are pending: no ✅, no buttons', () => {
    const m = build(alert({ ...submitted, deliveryState: 'sending' }));
    expect(text(m)).toContain('📤 *送信中*: 予約OK');
    expect(text(m)).not.toContain('✅');
    expect(m.attachments[0]!.blocks!.some((b) => b.type === 'actions')).toBe(false);
  });

  it('要再対応: priority colour, the reasons, 再試行 and the details buttons', () => {
    const m = build(alert({ ...claimed, outcome: '予約OK', deliveryState: 'failed', deliveryError: 'SMS送信失敗: 受信拒否（STOP）されています（Twilio 21610）' }));
    expect(m.attachments[0]!.color).toBe(build(alert()).attachments[0]!.color);
    expect(text(m)).toContain('*要再対応*: 予約OK');
    expect(text(m)).toContain('⚠️ SMS送信失敗: 受信拒否（STOP）されています（Twilio 21610）');
    expect(text(m)).not.toContain('✅');
    expect(validateMessage({ text: m.text, attachments: m.attachments })).toEqual([]);
  });
});
