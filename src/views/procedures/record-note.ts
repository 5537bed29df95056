import { LOCAL_REFUND_LABEL, LOCAL_SEND_LABEL } from '../../domain/alert-state.js';
import type { OperationRecord, OutboundMessage, PaymentLink, Refund } from '../../db/schema.js';
import { formatMinutes } from '../../domain/alert-kinds.js';
import { yen } from '../../domain/client-messages.js';
import { formatClock } from '../../domain/time.js';
import type { Outbox } from '../../repositories/outbox.js';
import { escapeMrkdwn, truncate } from '../text.js';

const MESSAGE_STATUS: Record<string, string> = { pending: '送信待ち', sending: '送信中', sent: '送信済み', failed: '⚠️ 送信失敗', replaced: '別の送信先に変更' };
const REFUND_STATUS: Record<string, string> = { pending: '未処理', sending: '処理中', done: '返金済み', failed: '⚠️ 返金失敗' };

export function messageLine(m: OutboundMessage, links: PaymentLink[], timeZone: string): string {
  const channel = m.channel === 'sms' ? 'SMS' : 'Email';
  const link = m.paymentLinkId ? links.find((l) => l.id === m.paymentLinkId) : undefined;
  const linkText = link?.url ? `（決済リンク ${link.url}${link.expiresAt ? `、期限 ${formatClock(link.expiresAt, timeZone)}` : ''}）` : link ? '（決済リンク）' : '';
  const error = m.status !== 'sent' && m.lastError ? `: ${escapeMrkdwn(truncate(m.lastError, 200))}` : '';
  const tries = m.tries > 0 ? ` — ${m.providerId ? `ID ${escapeMrkdwn(m.providerId)}、` : ''}試行${m.tries}回` : '';
  const status = m.status === 'sent' && m.provider === 'local' ? LOCAL_SEND_LABEL : (MESSAGE_STATUS[m.status] ?? m.status);
  return `${channel} → ${escapeMrkdwn(m.recipient)} ${status}${linkText}${tries}${error}`;
}

export function refundLine(r: Refund): string {
  const error = r.status !== 'done' && r.error ? `: ${escapeMrkdwn(truncate(r.error, 200))}` : '';
  const status = r.status === 'done' && r.provider === 'local' ? LOCAL_REFUND_LABEL : r.status === 'done' && r.provider === 'manual' ? '手動で返金済み（記録）' : (REFUND_STATUS[r.status] ?? r.status);
  return `返金 ${yen(r.amountJpy)} ${status}${r.refundId ? `（${r.refundId}）` : ''}${error}`;
}

/** What was sent for this alert, one line each (SMS, e-mail with their payment link, refunds). */
export function outboxLines(outbox: Outbox, timeZone: string): string[] {
  return [...outbox.messages.map((m) => messageLine(m, outbox.paymentLinks, timeZone)), ...outbox.refunds.map(refundLine)];
}

/** The record posted in the alert's thread when a procedure ends (manual §3 手順4). Pure. */
export function buildRecordNote(record: OperationRecord, outbox: Outbox, timeZone: string): string {
  const lines = [
    `📝 対応記録 — <@${record.actor}>`,
    `対応内容: ${escapeMrkdwn(record.summary)}`,
    `所要時間: ${formatMinutes(record.durationMinutes)}`,
    `結果: ${escapeMrkdwn(record.result)}`,
  ];
  const sent = outboxLines(outbox, timeZone);
  if (sent.length) lines.push('送信:', ...sent.map((l) => `• ${l}`));
  return truncate(lines.join('\n'), 3000);
}
