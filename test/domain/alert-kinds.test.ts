import { describe, expect, it } from 'vitest';
import { ALERT_KIND_NAMES, ALERT_KINDS, alertLabel, CATEGORY_PREFIX, resolveAlertKind } from '../../src/domain/alert-kinds.js';
import { MANUAL_OPERATION_KINDS } from '../../src/metrics/formulas.js';

describe('the alert table', () => {
  it('each kind is titled as its category says', () => {
    for (const kind of ALERT_KIND_NAMES) expect(ALERT_KINDS[kind].title.startsWith(CATEGORY_PREFIX[ALERT_KINDS[kind].category])).toBe(true);
  });

  it('lists name an alert by its title without the category (a system alert by its own title)', () => {
    expect(alertLabel(resolveAlertKind('all_shops_ng'))).toBe('全店NG');
    expect(alertLabel(resolveAlertKind('payment_expired'))).toBe('決済期限切れ');
    expect(alertLabel(resolveAlertKind('inquiry'))).toBe('一般問い合わせ');
    expect(alertLabel(resolveAlertKind('system', {}, { title: '【Pingdom】api が応答しません' }))).toBe('【Pingdom】api が応答しません');
  });

  it('マニュアルオペレーション件数 counts the kinds of manual §3.1–3.2 and §3.4–3.6', () => {
    expect([...MANUAL_OPERATION_KINDS].sort()).toEqual(['all_shops_ng', 'ambiguous_answer', 'change_request', 'late_cancel', 'sms_failed']);
  });
});
