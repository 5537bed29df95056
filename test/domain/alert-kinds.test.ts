import { describe, expect, it } from 'vitest';
import { ALERT_KIND_NAMES, ALERT_KINDS, type AlertCategory } from '../../src/domain/alert-kinds.js';
import { MANUAL_OPERATION_KINDS } from '../../src/metrics/formulas.js';

/** How the manual's titles name each category. */
const TITLE_PREFIX: Record<AlertCategory, string> = {
  manual_operation: '【マニュアルオペレーション】',
  information: '【情報】',
  inquiry: '【問い合わせ】',
  system: '【システムアラート】',
};

describe('the alert table', () => {
  it('each kind is titled as its category says', () => {
    for (const kind of ALERT_KIND_NAMES) expect(ALERT_KINDS[kind].title.startsWith(TITLE_PREFIX[ALERT_KINDS[kind].category])).toBe(true);
  });

  it('マニュアルオペレーション件数 counts the kinds of manual §3.1–3.2 and §3.4–3.6', () => {
    expect([...MANUAL_OPERATION_KINDS].sort()).toEqual(['all_shops_ng', 'ambiguous_answer', 'change_request', 'late_cancel', 'sms_failed']);
  });
});
