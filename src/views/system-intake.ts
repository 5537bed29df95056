import { formatDateTime } from '../domain/time.js';
import { escapeMrkdwn } from './text.js';

/** The thread line when a monitoring source says its check is back (Pingdom UP, CloudWatch OK). Pure. */
export function recoveryNote(input: { outcome: string | null; resolvedAt: Date | null; timeZone: string }): string {
  const said = escapeMrkdwn((input.outcome ?? '復旧').replace(/^復旧（(.*)）$/, '$1'));
  const at = input.resolvedAt ? `（${formatDateTime(input.resolvedAt, input.timeZone)}）` : '';
  return `✅ *復旧*: ${said} を受信しました${at}。このアラートを解決済みにしました。`;
}
