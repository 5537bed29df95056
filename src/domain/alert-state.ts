/**
 * The alert's life as the operator sees it (SPEC §3): 未対応 → 対応中 → 送信中 → ✅ 完了 / 要再対応.
 * The one place that decides an alert's display state; messages, /qrv status and the scheduled
 * posts all ask it. `delivery_state` follows what the procedure sent or refunded
 * (src/delivery/outcome.ts): a failure for good reopens the alert (resolved_at cleared), so a
 * 要再対応 alert is open for every count, list and escalation.
 */
export type AlertDisplayState = 'unclaimed' | 'in_progress' | 'sending' | 'done' | 'needs_action';

/** alerts.delivery_state: null when the procedure sent nothing. */
export type DeliveryState = 'sending' | 'delivered' | 'failed';

export interface AlertStateFields {
  resolvedAt: Date | null;
  assignee: string | null;
  deliveryState: string | null;
}

export function alertDisplayState(alert: AlertStateFields): AlertDisplayState {
  if (alert.deliveryState === 'failed') return 'needs_action';
  if (alert.resolvedAt) return alert.deliveryState === 'sending' ? 'sending' : 'done';
  return alert.assignee ? 'in_progress' : 'unclaimed';
}

export const ALERT_STATE_LABELS: Record<AlertDisplayState, string> = {
  unclaimed: '未対応',
  in_progress: '対応中',
  sending: '送信中',
  done: '✅ 完了',
  needs_action: '要再対応',
};

/** What a local stand-in (no provider configured) handled: recorded only, nothing reached anyone. */
export const LOCAL_SEND_LABEL = '未送信（ローカル記録のみ）';
export const LOCAL_REFUND_LABEL = '返金未実行（ローカル記録のみ）';
