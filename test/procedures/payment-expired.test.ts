import { beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_EXPIRED_ACTIONS } from '../../src/views/ids/procedures/payment-expired.js';
import { SYSTEM_ACTIONS } from '../../src/views/ids/procedures/system.js';
import { ALERTS_CHANNEL, useBotTest } from '../support/bot.js';
import { buttonsOf, messageText, procedureDriver, startProcedureTest } from '../support/procedures.js';

const t = useBotTest();
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  ({ d } = await startProcedureTest(t, 'payment_expired'));
});

describe('決済期限切れ', () => {
  it('shows the guidance for an inquiring client; 確認済み resolves it in one click, nothing else changes', async () => {
    const { alertId, ts } = await d.raise('payment_expired');
    const before = messageText(t.h.fake.message(ALERTS_CHANNEL, ts)!);
    expect(before).toContain('※自動キャンセル済み。問い合わせがあった場合のみ対応してください。');
    expect(before).toContain('「最初からAIチャットで予約してください」');

    await d.click(PAYMENT_EXPIRED_ACTIONS.acknowledge, ts);
    const { message, note } = await d.finished(alertId, ts);
    expect(t.h.fake.openViews('U0SATO')).toEqual([]);
    const s = await d.state();
    expect(s.reservation.status).toBe('payment_expired');
    expect([s.messages, s.links, s.refunds]).toEqual([[], [], []]);
    expect(s.records[0]).toMatchObject({ procedure: 'payment_expired', durationMinutes: 0, result: '対応不要（自動キャンセル済み）', actor: 'U0SATO' });
    expect(s.history.map((e) => e.action)).toEqual(['alert.claimed', 'alert.resolved']);
    expect(messageText(message)).toContain('✅ 完了: 確認済み — <@U0SATO>, 0分');
    expect(buttonsOf(message)).toEqual([]);
    expect(note.text).toContain('「最初からAIチャットで予約してください」と案内');
  });

  it('a system alert is acknowledged the same way', async () => {
    const { alertId, ts } = await d.raise('system', { severity: 'critical', title: '【緊急】CPU使用率が高い状態です' }, null);
    await d.click(SYSTEM_ACTIONS.acknowledge, ts);
    const { message } = await d.finished(alertId, ts);
    expect(messageText(message)).toContain('✅ 完了: 確認済み');
  });
});
