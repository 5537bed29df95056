import { formatMinutes, type ResolvedAlertKind } from '../domain/alert-kinds.js';
import { formatDateTime } from '../domain/time.js';

/** QRV_OPERATORS as mentions: <!subteam^S…> for a user group, <@U…> for a user; <!here> when unset. */
export function operatorMentions(operators: string[]): string {
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
}): { text: string } {
  const { level, spec, deadline } = input;
  const mentions = [spec.priority === 'critical' ? '<!channel>' : null, operatorMentions(input.operators)].filter(Boolean).join(' ');
  const when = formatDateTime(deadline, input.timeZone);
  const body =
    level >= 2
      ? `⏰⏰ 再通知: 対応期限（${spec.deadlineLabel}、${when}）から${formatMinutes(spec.deadlineMinutes)}が過ぎても完了していません。至急対応してください。`
      : `⏰ 対応期限（${spec.deadlineLabel}、${when}）を過ぎました。まだ完了していません。優先して対応してください。`;
  const owner = input.assignee ? `担当: <@${input.assignee}>` : '担当: 未割り当て（「対応開始」で担当してください）';
  return { text: `${mentions} ${body}\n${owner}` };
}
