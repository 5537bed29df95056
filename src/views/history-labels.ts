import type { HistoryEntry } from '../db/schema.js';
import { escapeMrkdwn } from './text.js';

const LABELS: Record<string, string> = {
  'alert.claimed': '対応開始',
  'alert.resolved': '対応完了',
  'alert.repeated': '同じアラートが再度発生',
  'reservation.status': 'ステータス変更',
  'reservation.changed': '予約内容変更',
  'shop.registered': '店舗登録',
  'call_attempt.outcome': '電話結果変更',
  'payment_link.sent': '決済リンク送信',
  'refund.done': '返金',
};

/** A history entry as an operator reads it, e.g. ステータス変更 calling_failed → failed. */
export function historyActionLabel(entry: HistoryEntry): string {
  const label = LABELS[entry.action] ?? escapeMrkdwn(entry.action);
  const from = entry.before?.status;
  const to = entry.after?.status;
  return typeof from === 'string' && typeof to === 'string' ? `${label} ${from} → ${to}` : label;
}
