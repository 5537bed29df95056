import type { Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { formatMinutes } from '../domain/alert-kinds.js';
import { alertDisplayState, LOCAL_REFUND_LABEL, LOCAL_SEND_LABEL } from '../domain/alert-state.js';
import { elapsedMinutes } from '../domain/duration.js';
import { smsErrorInfo } from '../domain/sms-errors.js';
import { OUTCOME_ACTIONS } from './ids/outcome.js';
import type { Outbox } from '../repositories/outbox.js';
import type { AlertCard } from '../workflows/alert-card.js';
import { escapeMrkdwn, truncate } from './text.js';

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });

/** 「未送信（ローカル記録のみ）」 / 「返金未実行（ローカル記録のみ）」 when a local stand-in handled a row. Pure. */
function localOnlyLabels(outbox: Pick<Outbox, 'messages' | 'refunds'> | undefined): string[] {
  if (!outbox) return [];
  const labels: string[] = [];
  if (outbox.messages.some((m) => m.status === 'sent' && m.provider === 'local')) labels.push(LOCAL_SEND_LABEL);
  if (outbox.refunds.some((r) => r.status === 'done' && r.provider === 'local')) labels.push(LOCAL_REFUND_LABEL);
  return labels;
}

/** A Slack user as a mention; a monitoring source that resolved an alert itself (Pingdom, CloudWatch) by name. Pure. */
function actorLabel(actor: string): string {
  return /^[UW][A-Z0-9]+$/.test(actor) ? `<@${actor}>` : escapeMrkdwn(actor);
}

/**
 * The outcome part of an alert message for 送信中, ✅ 完了 and 要再対応
 * (src/domain/alert-state.ts decides which). Undefined while the alert is 未対応 / 対応中. Pure.
 */
export function outcomeBlocks(card: AlertCard): KnownBlock[] | undefined {
  const { alert } = card;
  const state = alertDisplayState(alert);
  const who = actorLabel(alert.resolvedBy ?? alert.assignee ?? '?');
  const outcome = escapeMrkdwn(alert.outcome ?? '対応済み');
  const local = localOnlyLabels(card.outbox).map((l) => `⚠️ ${l}`);
  if (state === 'sending') return [section(`📤 *送信中*: ${outcome} — ${who}`), context('送信・返金の結果を待っています（結果はスレッドに表示されます）。')];
  if (state === 'done') {
    const started = alert.firstOpenedAt ?? alert.claimedAt;
    const measured = started && alert.resolvedAt ? elapsedMinutes(started, alert.resolvedAt) : null;
    const minutes = card.record?.durationMinutes ?? measured;
    const blocks: KnownBlock[] = [section(`✅ 完了: ${outcome} — ${who}${minutes === null ? '' : `, ${formatMinutes(minutes)}`}`)];
    if (local.length) blocks.push(context(local.join(' · ')));
    return blocks;
  }
  if (state !== 'needs_action') return undefined;
  const reasons = (alert.deliveryError ?? '理由不明').split('\n').map((l) => `⚠️ ${escapeMrkdwn(l)}`);
  return [
    section(`*要再対応*: ${outcome} — 送信または返金が完了していません\n${reasons.join('\n')}`),
    context(`担当: ${alert.assignee ? `<@${alert.assignee}>` : '未割当'} · 再試行するか、別の方法で対応してください。`),
  ];
}

/** 再試行 and the procedure's alternatives for a 要再対応 alert. Pure. */
export function needsActionButtons(card: AlertCard): Button[] {
  const value = String(card.alert.id);
  const outbox = card.outbox;
  const failedSms = outbox?.messages.filter((m) => m.status === 'failed' && m.channel === 'sms') ?? [];
  const failedLink = outbox?.messages.some((m) => m.status === 'failed' && m.paymentLinkId) ?? false;
  const failedRefund = outbox?.refunds.some((r) => r.status === 'failed') ?? false;
  const permanent = failedSms.map((m) => smsErrorInfo(m.lastError)).find((e) => e?.permanent);
  const retry: Button = { type: 'button', action_id: OUTCOME_ACTIONS.retry, text: { type: 'plain_text', text: '再試行' }, value, style: 'primary' };
  if (permanent) {
    retry.confirm = {
      title: { type: 'plain_text', text: '同じ番号に再送しますか？' },
      text: { type: 'mrkdwn', text: truncate(`この番号への送信は恒久的に失敗しています: ${escapeMrkdwn(permanent.label)}。\n同じ番号に再送しても届かない可能性が高いです。本当に再送しますか？`, 300) },
      confirm: { type: 'plain_text', text: '同じ番号に再送' },
      deny: { type: 'plain_text', text: 'やめる' },
      style: 'danger',
    };
  }
  const buttons: Button[] = [retry];
  if (failedLink) buttons.push({ type: 'button', action_id: OUTCOME_ACTIONS.contact, text: { type: 'plain_text', text: '番号を訂正 / Emailで送信' }, value });
  if (failedRefund) buttons.push({ type: 'button', action_id: OUTCOME_ACTIONS.manualRefund, text: { type: 'plain_text', text: '返金を手動で完了として記録' }, value });
  return buttons;
}
