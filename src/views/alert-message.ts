import type { ActionsBlock, Button, KnownBlock, MessageAttachment } from '@slack/types';
import type { Config } from '../config.js';
import { PRIORITIES, isAlertKind, resolveAlertKind, formatMinutes, type AlertField } from '../domain/alert-kinds.js';
import { alertDisplayState } from '../domain/alert-state.js';
import { PHONE_VERDICT_LABELS, phoneVerdict, smsErrorInfo } from '../domain/sms-errors.js';
import { formatClock, formatDateTime, formatTimeRange } from '../domain/time.js';
import { ALERT_DETAIL_ACTION, ALERT_LOGS_ACTION, CLAIM_ALERT_ACTION } from '../handlers/alerts/ids.js';
import { PROCEDURE_BUTTONS } from '../handlers/procedures/ids.js';
import type { Reservation } from '../db/schema.js';
import type { AlertCard } from '../workflows/alert-card.js';
import { needsActionButtons, outcomeBlocks } from './alert-outcome.js';
import { escapeMrkdwn, inert, truncate } from './text.js';

export interface AlertMessage {
  text: string;
  attachments: MessageAttachment[];
  metadata: { event_type: string; event_payload: { alert_id: number } };
}

export interface AlertViewContext {
  timeZone: string;
  overrides?: Config['alertOverrides'];
}

export const ALERT_METADATA_TYPE = 'qrv_alert';

const LATE_CANCEL_NOTICE_HOURS = 48;

/** The alert message of SPEC §3 in the manual's wording, colour-coded by priority. Pure. */
export function buildAlertMessage(card: AlertCard, ctx: AlertViewContext): AlertMessage {
  const { alert } = card;
  const kind = isAlertKind(alert.kind) ? alert.kind : 'system';
  const spec = resolveAlertKind(kind, ctx.overrides, alert.details);
  const priority = PRIORITIES[spec.priority];
  const lines = spec.fields.map((f) => fieldLine(f, card, ctx.timeZone)).filter((l): l is string => l !== null);
  if (kind === 'system') lines.push(...systemLines(alert.details));
  if (kind === 'sms_failed') lines.push(...smsFailureLines(alert.details, card.reservation));
  if (alert.details._truncated) lines.push('（アラートの詳細データが 64 KiB を超えたため、一部を省略して保存しています）');
  lines.push('', `対応期限: ${spec.deadlineLabel}`);
  if (spec.note) lines.push('', spec.note);
  if (spec.guidance) lines.push(spec.guidance);

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(spec.title, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `優先度: ${priority.label}（${priority.colorName}） · 受信 ${formatDateTime(alert.createdAt, ctx.timeZone)} · 期限 ${formatDateTime(
            new Date(alert.createdAt.getTime() + spec.deadlineMinutes * 60_000),
            ctx.timeZone,
          )} · #${alert.id}`,
        },
      ],
    },
  ];
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
    if (alert.escalationLevel > 0) blocks.splice(1, 0, overdueMark(alert.escalationLevel));
    const first = outcome ? needsActionButtons(card) : undefined;
    blocks.push(actionsBlock(kind, alert.id, Boolean(alert.assignee), Boolean(alert.reservationId), first));
  }
  return {
    text: inert(`${spec.title} ${alert.reservationId ?? ''}`.trim(), 3000),
    attachments: [{ color: priority.color, blocks, fallback: inert(spec.title, 3000) }],
    metadata: alertMetadata(alert.id),
  };
}

const alertMetadata = (alertId: number) => ({ event_type: ALERT_METADATA_TYPE, event_payload: { alert_id: alertId } });

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

/** The procedure's buttons (or, for 要再対応, `first`: 再試行 and the alternatives), then 詳細 and ログを見る. */
function actionsBlock(kind: keyof typeof PROCEDURE_BUTTONS, alertId: number, claimed: boolean, hasReservation: boolean, first?: Button[]): ActionsBlock {
  const value = String(alertId);
  const elements: Button[] = first ?? PROCEDURE_BUTTONS[kind].map((b) => ({
    type: 'button',
    action_id: b.actionId,
    text: { type: 'plain_text', text: b.text },
    value,
    ...(b.style ? { style: b.style } : {}),
  }));
  if (!claimed && !first) elements.unshift({ type: 'button', action_id: CLAIM_ALERT_ACTION, text: { type: 'plain_text', text: '対応開始' }, value });
  elements.push({ type: 'button', action_id: ALERT_DETAIL_ACTION, text: { type: 'plain_text', text: '詳細' }, value });
  if (hasReservation) elements.push({ type: 'button', action_id: ALERT_LOGS_ACTION, text: { type: 'plain_text', text: 'ログを見る' }, value });
  return { type: 'actions', block_id: `alert_actions_${alertId}`, elements };
}

function fieldLine(field: AlertField, card: AlertCard, timeZone: string): string | null {
  const { alert, reservation: r, shop } = card;
  const d = alert.details;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? escapeMrkdwn(v.trim()) : null);
  switch (field) {
    case 'reservationId':
      return `予約ID: ${alert.reservationId ?? '（不明）'}`;
    case 'service':
      return `サービス: ${r ? escapeMrkdwn(r.service) : '（不明）'}`;
    case 'time':
      return `日時: ${r ? formatTimeRange(r.startsAt, r.endsAt, timeZone) : '（不明）'}`;
    case 'address':
      return `住所: ${r ? escapeMrkdwn(r.address) : '（不明）'}`;
    case 'clientPhone':
      return `依頼者電話: ${r ? escapeMrkdwn(r.clientPhone) : '（不明）'}`;
    case 'shop':
      return `提携店: ${shop ? `${escapeMrkdwn(shop.name)}（${shop.id}）` : (str(d.shop_id) ?? '（不明）')}`;
    case 'shopPhone':
      return `提携店電話: ${shop ? escapeMrkdwn(shop.phone) : '（不明）'}`;
    case 'change':
      return `変更内容: ${str(d.change) ?? '（記載なし）'}`;
    case 'cancelDeadline': {
      if (!r) return 'キャンセル期限: （不明）';
      const deadline = new Date(r.startsAt.getTime() - LATE_CANCEL_NOTICE_HOURS * 3_600_000);
      const requested = parseDate(d.requested_at) ?? alert.createdAt;
      const late = (requested.getTime() - deadline.getTime()) / 60_000;
      const lateText = late > 0 ? `、依頼は期限の${formatMinutes(late)}後` : '';
      return `キャンセル期限: ${formatDateTime(deadline, timeZone)}（超過${lateText}）`;
    }
  }
}

/** SMS送信失敗 (manual §3.2): why it failed (details.error) and what the registered number is. */
function smsFailureLines(details: Record<string, unknown>, r: Reservation | null): string[] {
  const error = smsErrorInfo(details.error);
  const lines = [`失敗理由: ${error ? escapeMrkdwn(error.label) : '（不明: 理由が記録されていません）'}`];
  if (r) lines.push(`電話番号の判定: ${PHONE_VERDICT_LABELS[phoneVerdict(r.clientPhone, error)]}`);
  return lines;
}

function systemLines(details: Record<string, unknown>): string[] {
  const body = details.body;
  if (typeof body === 'string' && body.trim()) return [escapeMrkdwn(body.trim())];
  if (Array.isArray(body)) return body.map((l) => escapeMrkdwn(String(l)));
  const fields = details.fields;
  if (fields && typeof fields === 'object') {
    return Object.entries(fields as Record<string, unknown>).map(([k, v]) => `${escapeMrkdwn(k)}: ${escapeMrkdwn(String(v))}`);
  }
  return [];
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
