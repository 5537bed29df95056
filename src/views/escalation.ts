import { formatMinutes, type ResolvedAlertKind } from '../domain/alert-kinds.js';
import type { KnownBlock } from '@slack/types';
import { formatDateTime } from '../domain/time.js';
import { HANDOVER_ACTIONS } from './ids/alerts.js';
import { truncate } from './text.js';

/** QRV_OPERATORS as mentions: <!subteam^S…> for a user group, <@U…> for a user; <!here> when unset. */
function operatorMentions(operators: string[]): string {
  if (operators.length === 0) return '<!here>';
  return operators.map((id) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`)).join(' ');
}

/**
 * The reminder in an overdue alert's thread (manual §5.2 対応時間目標): at the deadline, and again
 * at twice the deadline; critical alerts also mention @channel. Pure.
 */
export function buildEscalationReminder(input: {
  level: number;
  spec: ResolvedAlertKind;
  deadline: Date;
  assignee: string | null;
  operators: string[];
  timeZone: string;
  alertId: number;
}): { text: string; blocks: KnownBlock[] } {
  const { level, spec, deadline } = input;
  const mentions = [spec.priority === 'critical' ? '<!channel>' : null, operatorMentions(input.operators)].filter(Boolean).join(' ');
  const when = formatDateTime(deadline, input.timeZone);
  const body =
    level >= 2
      ? `⏰⏰ 再通知: 対応期限（${spec.deadlineLabel}、${when}）から${formatMinutes(spec.deadlineMinutes)}が過ぎても完了していません。至急対応してください。`
      : `⏰ 対応期限（${spec.deadlineLabel}、${when}）を過ぎました。まだ完了していません。優先して対応してください。`;
  const owner = input.assignee
    ? `担当: <@${input.assignee}>（手が離せない場合は「引き継ぐ」で交代できます）`
    : '担当: 未割り当て（「対応開始」または「引き継ぐ」で担当してください）';
  const text = `${mentions} ${body}\n${owner}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      {
        type: 'actions',
        block_id: `escalation_${input.alertId}_${level}`,
        elements: [{ type: 'button', action_id: HANDOVER_ACTIONS.takeOver, text: { type: 'plain_text', text: '引き継ぐ' }, value: String(input.alertId) }],
      },
    ],
  };
}
