import type { KnownBlock } from '@slack/types';
import { statusLabel } from '../domain/reservation-status.js';
import { formatTimeRange } from '../domain/time.js';
import type { Reservation } from '../db/schema.js';
import { STATUS_OPEN_CARD_ACTION } from './ids/commands.js';
import { escapeMrkdwn, truncate } from './text.js';

export interface ClientReservationsView {
  /** 依頼者 090-1234-5678 の予約, 問い合わせ #12 に該当する予約 */
  title: string;
  /** What to check when nothing was found. */
  emptyHint: string;
  reservations: Reservation[];
  /** More reservations exist than are shown. */
  more: boolean;
  timeZone: string;
}

/**
 * `/qrv status 090-1234-5678` / `name@example.com` (and 予約を確認 on an inquiry): the reservations, newest first
 * (ID, status, date, service), each with a button that opens its card. Pure.
 */
export function buildClientReservations({ title, emptyHint, reservations, more, timeZone }: ClientReservationsView): { text: string; blocks: KnownBlock[] } {
  if (reservations.length === 0) {
    const text = `${title}は見つかりませんでした（${emptyHint}）。`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }] };
  }
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`${title}（${reservations.length}${more ? '件以上' : '件'}）`, 150) } }];
  for (const r of reservations) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${r.id}* ${statusLabel(r.status)}\n${formatTimeRange(r.startsAt, r.endsAt, timeZone)} · ${escapeMrkdwn(r.service)}`, 3000),
      },
      accessory: { type: 'button', action_id: STATUS_OPEN_CARD_ACTION, text: { type: 'plain_text', text: 'カードを表示' }, value: r.id },
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more ? `新しい順に${reservations.length}件を表示しています。それより前の予約は予約IDで \`/qrv status QRV-XXXXXX\`` : '新しい順' }] });
  const lines = reservations.map((r) => `${r.id} ${statusLabel(r.status)} ${formatTimeRange(r.startsAt, r.endsAt, timeZone)}`);
  return { text: `${title}\n${lines.join('\n')}`, blocks };
}
