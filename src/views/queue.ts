import type { KnownBlock } from '@slack/types';
import { formatMinutes, PRIORITIES, type Priority } from '../domain/alert-kinds.js';
import { splitOpenWork, type QueueItem } from '../domain/queue.js';
import { formatClock, formatDateTime } from '../domain/time.js';
import { escapeMrkdwn, truncate } from './text.js';

const MARK: Record<Priority, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🟢' };

export interface QueueViewContext {
  now: Date;
  timeZone: string;
}

/** `🔴 緊急 #12 SMS送信失敗 QRV-A1B2C3 — 残り25分（期限 11月30日 14:30） · 担当 <@U…>`, linked to the alert. Pure. */
export function queueLine(item: QueueItem, ctx: QueueViewContext): string {
  const name = `#${item.id} ${escapeMrkdwn(item.label)}`;
  const link = item.permalink ? `<${item.permalink}|${name}>` : name;
  const left = item.deadline.getTime() - ctx.now.getTime();
  const when = `期限 ${formatDateTime(item.deadline, ctx.timeZone)}`;
  const time = item.overdue ? `⚠️ *期限超過*（${when}）` : `残り${formatMinutes(Math.max(1, Math.ceil(left / 60_000)))}（${when}）`;
  const parts = [`${MARK[item.priority]} ${PRIORITIES[item.priority].label} ${link}${item.reservationId ? ` ${item.reservationId}` : ''} — ${time}`];
  parts.push(item.assignee ? `担当 <@${item.assignee}>` : '未対応');
  if (item.needsRetry) parts.push('⚠️ 要再対応');
  if (item.holdUntil) parts.push(`⏸ 保留中（${formatClock(item.holdUntil, ctx.timeZone)}まで）${item.holdReason ? ` ${escapeMrkdwn(truncate(item.holdReason, 100))}` : ''}`);
  return parts.join(' · ');
}

const MAX_LINES = 15;

function section(title: string, items: QueueItem[], ctx: QueueViewContext, empty: string): KnownBlock {
  const lines = items.slice(0, MAX_LINES).map((i) => queueLine(i, ctx));
  if (items.length > MAX_LINES) lines.push(`ほか ${items.length - MAX_LINES}件（\`/qrv queue\`）`);
  const body = lines.length ? lines.join('\n') : empty;
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${title}*（${items.length}件）\n${body}`, 3000) } };
}

/**
 * The open-work queue (App Home, `/qrv queue`): 要再対応 (when any), 未対応, 対応中 (others'), 自分の担当, each sorted by
 * priority then deadline, each line linked to its alert. Pure.
 */
export function buildQueueBlocks(items: QueueItem[], ctx: QueueViewContext & { userId: string }): KnownBlock[] {
  const work = splitOpenWork(items, ctx.userId);
  return [
    { type: 'header', text: { type: 'plain_text', text: `対応待ちの通知（${work.total}件）` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `優先度の高いもの、期限の近いものから · ${formatDateTime(ctx.now, ctx.timeZone)} 時点` }] },
    ...(work.retry.length ? [section('要再対応', work.retry, ctx, '')] : []),
    section('未対応', work.unassigned, ctx, 'ありません ✅'),
    section('対応中（ほかの担当者）', work.others, ctx, 'ありません'),
    section('自分の担当', work.mine, ctx, 'ありません'),
  ];
}
