import type { ActionsBlock, Button, KnownBlock, MessageAttachment } from '@slack/types';
import type { Config } from '../config.js';
import { PRIORITIES, RESOLVED_COLOR, isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';
import { DEFAULT_DAYTIME, type DaytimeHours } from '../domain/all-shops-ng-options.js';
import { alertDisplayState } from '../domain/alert-state.js';
import { inquiryDetailsOf } from '../domain/inquiry.js';
import { formatClock, formatDateTime } from '../domain/time.js';
import { ALERT_DETAIL_ACTION, ALERT_LOGS_ACTION, CLAIM_ALERT_ACTION, HANDOVER_ACTIONS } from './ids/alerts.js';
import { PROCEDURE_BUTTONS } from './ids/procedures.js';
import type { AlertCard } from '../workflows/alert-card.js';
import { allShopsNgOptionLines, fieldLines, recommendsReschedule, smsFailureLines, systemLines } from './alert-fields.js';
import { needsActionButtons, outcomeBlocks } from './alert-outcome.js';
import { inquiryLines } from './inquiry.js';
import { stormLines } from './storm.js';
import { escapeMrkdwn, inert, truncate } from './text.js';

export interface AlertMessage {
  text: string;
  attachments: MessageAttachment[];
  metadata: { event_type: string; event_payload: { alert_id: number } };
}

export interface AlertViewContext {
  timeZone: string;
  overrides?: Config['alertOverrides'];
  /** 全店NG: B 推奨 outside these hours (QRV_DAYTIME). */
  daytime?: DaytimeHours;
}

export const ALERT_METADATA_TYPE = 'qrv_alert';

/**
 * The alert message of SPEC §3 in the manual's wording. Open: the priority's colour; resolved:
 * grey, the priority kept as text. Pure.
 */
export function buildAlertMessage(card: AlertCard, ctx: AlertViewContext): AlertMessage {
  const { alert } = card;
  const kind = isAlertKind(alert.kind) ? alert.kind : 'system';
  const spec = resolveAlertKind(kind, ctx.overrides, alert.details);
  const priority = PRIORITIES[spec.priority];
  const daytime = ctx.daytime ?? DEFAULT_DAYTIME;
  const open = !alert.resolvedAt;
  const lines = detailLines(card, ctx);
  if (alert.details._truncated) lines.push('（アラートの詳細データが 64 KiB を超えたため、一部を省略して保存しています）');
  lines.push('', `対応期限: ${spec.deadlineLabel}`);
  if (spec.note) lines.push('', spec.note);
  if (spec.guidance) lines.push(spec.guidance);
  if (kind === 'all_shops_ng' && open) lines.push('', ...allShopsNgOptionLines(card, daytime, ctx.timeZone));

  const deadline = new Date(alert.createdAt.getTime() + spec.deadlineMinutes * 60_000);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(card.storm?.storm.endedAt ? `${spec.title}（収束）` : spec.title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `優先度: ${priority.label}（${priority.colorName}） · 受信 ${formatDateTime(alert.createdAt, ctx.timeZone)} · 期限 ${formatDateTime(deadline, ctx.timeZone)} · #${alert.id}${repeatCounter(alert.repeats)}`,
        },
      ],
    },
  ];
  // 送信中 / ✅ 完了 / 要再対応 (src/domain/alert-state.ts); 要再対応 is open again and keeps its buttons.
  const outcome = outcomeBlocks(card);
  if (outcome && alertDisplayState(alert) !== 'needs_action') {
    blocks.push(...outcome);
  } else {
    if (outcome) blocks.push(...outcome);
    else if (alert.assignee) {
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `担当: <@${alert.assignee}>（対応開始 ${alert.claimedAt ? formatClock(alert.claimedAt, ctx.timeZone) : '-'}）` },
        ],
      });
    }
    if (alert.holdUntil) {
      const reason = alert.holdReason ? `: ${escapeMrkdwn(alert.holdReason)}` : '';
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`⏸ *保留中（${formatClock(alert.holdUntil, ctx.timeZone)}まで）*${reason}`, 3000) } });
    }
    if (alert.escalationLevel > 0) blocks.splice(1, 0, overdueMark(alert.escalationLevel));
    const first = outcome ? needsActionButtons(card) : undefined;
    blocks.push(actionsBlock(kind, alert.id, Boolean(alert.assignee), Boolean(alert.reservationId), recommendsReschedule(card, daytime, ctx.timeZone), first));
    if (alert.assignee) blocks.push(handoverBlock(alert.id));
  }
  return {
    text: inert(`${spec.title} ${alert.reservationId ?? ''}`.trim(), 3000),
    attachments: [{ color: open ? priority.color : RESOLVED_COLOR, blocks, fallback: inert(spec.title, 3000) }],
    metadata: alertMetadata(alert.id),
  };
}

const alertMetadata = (alertId: number) => ({ event_type: ALERT_METADATA_TYPE, event_payload: { alert_id: alertId } });

/** The counter of repeats threaded into the alert (one alert per problem). */
const repeatCounter = (repeats: number) => (repeats > 0 ? ` · 🔁 再発生 ${repeats}回（スレッド参照）` : '');

/** The alert's fields and its kind's own lines (SMS failure reason, system body, inquiry). */
function detailLines(card: AlertCard, ctx: AlertViewContext): string[] {
  const { alert } = card;
  const kind = isAlertKind(alert.kind) ? alert.kind : 'system';
  const lines = fieldLines(resolveAlertKind(kind, ctx.overrides, alert.details).fields, card, ctx.timeZone);
  if (kind === 'system') lines.push(...(card.storm ? stormLines(card.storm, ctx) : systemLines(alert.details)));
  if (kind === 'sms_failed') lines.push(...smsFailureLines(alert.details, card.reservation));
  if (kind === 'inquiry') lines.push(...inquiryLines(inquiryDetailsOf(alert.details)));
  return lines;
}

/**
 * The note in an open alert's thread when the same reservation raises an alert of the same kind
 * again (one alert per problem, no new message): which repeat it is, what it says that the open
 * alert does not, and that it is resolved with the open alert. Pure.
 */
export function buildRepeatNote(input: { original: AlertCard; repeat: AlertCard }, ctx: AlertViewContext): { text: string; metadata: AlertMessage['metadata'] } {
  const { original, repeat } = input;
  const known = new Set(detailLines(original, ctx));
  const news = detailLines(repeat, ctx).filter((line) => line.trim() !== '' && !known.has(line));
  const lines = [
    `🔁 同じ予約のアラートが再度発生しました（${original.alert.repeats}回目の再発生 · 受信 ${formatDateTime(repeat.alert.createdAt, ctx.timeZone)} · #${repeat.alert.id}）`,
  ];
  if (news.length > 0) lines.push('今回のアラートの内容:', ...news);
  lines.push('新しいメッセージは投稿せず、このアラートにまとめました。このアラートの完了で一緒に完了になります。');
  if (original.alert.assignee) lines.push(`担当: <@${original.alert.assignee}>`);
  return { text: truncate(lines.join('\n'), 3000), metadata: alertMetadata(repeat.alert.id) };
}

/** When Slack refuses the full message anyway: title, reservation and deadline only. Pure. */
export function buildAlertFallback(card: AlertCard, ctx: AlertViewContext): { text: string; metadata: AlertMessage['metadata'] } {
  const { alert } = card;
  const spec = resolveAlertKind(isAlertKind(alert.kind) ? alert.kind : 'system', ctx.overrides, alert.details);
  const deadline = formatDateTime(new Date(alert.createdAt.getTime() + spec.deadlineMinutes * 60_000), ctx.timeZone);
  const lines = [inert(spec.title, 150), `予約ID: ${alert.reservationId ?? '（なし）'}`, `対応期限: ${spec.deadlineLabel}（${deadline}） · #${alert.id}`];
  lines.push('（メッセージ全体を表示できなかったため要点のみ表示しています。`/qrv status` で詳細を確認してください）');
  return { text: lines.join('\n'), metadata: alertMetadata(alert.id) };
}

/** 期限超過: an unresolved alert past its deadline (escalation_level 1) or twice its deadline (2). */
function overdueMark(level: number): KnownBlock {
  const text = level >= 2 ? '⚠️ *期限超過* — 対応期限の2倍を過ぎています（再通知済み）' : '⚠️ *期限超過* — 対応期限を過ぎています（通知済み）';
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function button(actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value, ...(style ? { style } : {}) };
}

/** The procedure's buttons (or, for 要再対応, `first`: 再試行 and the alternatives), then 詳細 and ログを見る. */
function actionsBlock(kind: keyof typeof PROCEDURE_BUTTONS, alertId: number, claimed: boolean, hasReservation: boolean, recommendB: boolean, first?: Button[]): ActionsBlock {
  const value = String(alertId);
  const elements: Button[] =
    first ?? PROCEDURE_BUTTONS[kind].map((b) => button(b.actionId, recommendB && b.recommendable ? `${b.text}（推奨）` : b.text, value, b.style));
  if (!claimed && !first) elements.unshift(button(CLAIM_ALERT_ACTION, '対応開始', value));
  elements.push(button(ALERT_DETAIL_ACTION, '詳細', value));
  if (hasReservation) elements.push(button(ALERT_LOGS_ACTION, 'ログを見る', value));
  return { type: 'actions', block_id: `alert_actions_${alertId}`, elements };
}

/** On a claimed alert: progress without closing, and hand-over. */
function handoverBlock(alertId: number): ActionsBlock {
  const value = String(alertId);
  return {
    type: 'actions',
    block_id: `alert_handover_${alertId}`,
    elements: [
      button(HANDOVER_ACTIONS.progress, '進捗メモ', value),
      button(HANDOVER_ACTIONS.hold, '保留', value),
      button(HANDOVER_ACTIONS.release, '担当を外す', value),
      button(HANDOVER_ACTIONS.takeOver, '引き継ぐ', value),
      button(HANDOVER_ACTIONS.reassign, '担当者を変更', value),
    ],
  };
}
