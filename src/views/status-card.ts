import { ALERT_STATE_LABELS, alertDisplayState } from '../domain/alert-state.js';
import type { KnownBlock } from '@slack/types';
import { ALERT_KINDS, isAlertKind, formatMinutes } from '../domain/alert-kinds.js';
import { CALL_OUTCOME_LABELS, statusLabel, type CallOutcome } from '../domain/reservation-status.js';
import { formatDateTime, formatTimeRange } from '../domain/time.js';
import { yen } from '../domain/client-messages.js';
import type { ReservationCard } from '../workflows/reservation-card.js';
import { escapeMrkdwn, truncate } from './text.js';
import { historyActionLabel } from './history-labels.js';
import { outboxLines } from './procedures/record-note.js';

export interface StatusCardMessage {
  text: string;
  blocks: KnownBlock[];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

/** Everything on the card but its 閲覧記録 (the same for every viewer of one reading). */
type SharedPart = Omit<ReservationCard, 'views'>;

/**
 * The blocks of the card's shared part, per time zone, kept for the objects of one reading: the
 * viewers of one reading (a burst of /qrv status, issue 15) get the same objects and differ only
 * in 閲覧記録, so the rest is built once. A card's parts are never changed after they are read.
 */
const sharedBlocks = new WeakMap<SharedPart['reservation'], { part: SharedPart; timeZone: string; blocks: KnownBlock[] }>();

const samePart = (a: SharedPart, b: SharedPart) =>
  a.reservation === b.reservation && a.shop === b.shop && a.attempts === b.attempts && a.alerts === b.alerts && a.history === b.history && a.outbox === b.outbox;

/** `/qrv status`: the reservation card of SPEC §5. Pure (the shared part's blocks are reused, never changed). */
export function buildStatusCard(card: ReservationCard, timeZone: string): StatusCardMessage {
  const r = card.reservation;
  let shared = sharedBlocks.get(r);
  if (!shared || shared.timeZone !== timeZone || !samePart(shared.part, card)) {
    shared = { part: card, timeZone, blocks: buildSharedBlocks(card, timeZone) };
    sharedBlocks.set(r, shared);
  }
  const blocks: KnownBlock[] = [
    ...shared.blocks,
    { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`閲覧記録: ${viewLines(card.views, timeZone)}`, 2000) }] },
  ];
  return { text: `予約 ${r.id}: ${statusLabel(r.status)}`, blocks };
}

function buildSharedBlocks(card: SharedPart, timeZone: string): KnownBlock[] {
  const { reservation: r, shop, attempts, alerts, history } = card;
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: truncate(`*${label}*\n${value}`, 2000) });
  return [
    { type: 'header', text: { type: 'plain_text', text: `予約 ${r.id}` } },
    {
      type: 'section',
      fields: [
        field('ステータス', statusLabel(r.status)),
        field('サービス', escapeMrkdwn(r.service)),
        field('日時', formatTimeRange(r.startsAt, r.endsAt, timeZone)),
        field('住所', escapeMrkdwn(r.address)),
        field('依頼者電話', escapeMrkdwn(r.clientPhone) + (r.clientEmail ? `\n${escapeMrkdwn(r.clientEmail)}` : '')),
        field('提携店', shop ? `${escapeMrkdwn(shop.name)}（${shop.id}）\n${escapeMrkdwn(shop.phone)}${shop.listed ? '' : '\n未登録店舗'}` : '未定'),
        field('金額', r.amountJpy === null ? '未定' : yen(r.amountJpy)),
        field('更新', formatDateTime(r.updatedAt, timeZone)),
      ],
    },
    { type: 'divider' },
    section(`*電話履歴*\n${attemptLines(attempts)}`),
    section(`*アラート*\n${alertLines(alerts, timeZone)}`),
    section(`*送信（SMS・Email・決済リンク・返金）*\n${sentLines(card.outbox, timeZone)}`),
    section(`*最近の履歴*\n${historyLines(history, timeZone)}`),
  ];
}

function attemptLines(attempts: ReservationCard['attempts']): string {
  if (attempts.length === 0) return 'なし';
  const rounds = new Map<number, string[]>();
  for (const a of attempts) {
    const label = CALL_OUTCOME_LABELS[a.outcome as CallOutcome] ?? a.outcome;
    const name = a.shopName ? `${escapeMrkdwn(a.shopName)}（${a.shopId}）` : a.shopId;
    const list = rounds.get(a.round) ?? [];
    list.push(`${name} ${label}${a.note ? `（${escapeMrkdwn(a.note)}）` : ''}`);
    rounds.set(a.round, list);
  }
  return [...rounds.entries()].map(([round, list]) => `${round}周目: ${list.join(' · ')}`).join('\n');
}

function alertLines(alerts: ReservationCard['alerts'], timeZone: string): string {
  if (alerts.length === 0) return 'なし';
  return alerts
    .slice(0, 10)
    .map((a) => {
      const title = isAlertKind(a.kind) ? ALERT_KINDS[a.kind].title : a.kind;
      const when = formatDateTime(a.createdAt, timeZone);
      const display = alertDisplayState(a);
      let state: string = ALERT_STATE_LABELS[display];
      if (display === 'done' || display === 'sending') state += ` <@${a.resolvedBy ?? a.assignee ?? '?'}>`;
      else if (display === 'needs_action') state = `⚠️ ${state}${a.assignee ? ` <@${a.assignee}>` : ''}: ${escapeMrkdwn((a.deliveryError ?? '').split('\n').join(' / '))}`;
      else if (a.assignee) state += ` <@${a.assignee}>`;
      else if (!a.slackTs) state = '未投稿';
      // A repeat lives in its open alert's thread and is resolved with it.
      if (a.duplicateOf !== null) state = `🔁 再発生（#${a.duplicateOf} のスレッドにまとめました${a.resolvedAt ? '・完了' : ''}）`;
      const record = a.record
        ? `\n　対応内容: ${escapeMrkdwn(a.record.summary)} / 所要時間: ${formatMinutes(a.record.durationMinutes)} / 結果: ${escapeMrkdwn(a.record.result)}`
        : '';
      return `• ${when} ${title} — ${state}${record}`;
    })
    .join('\n');
}

function sentLines(outbox: ReservationCard['outbox'], timeZone: string): string {
  const lines = outboxLines(outbox, timeZone);
  if (lines.length === 0) return 'なし';
  const when = [...outbox.messages.map((m) => m.sentAt ?? m.createdAt), ...outbox.refunds.map((r) => r.completedAt ?? r.createdAt)];
  return lines.map((line, i) => `• ${formatDateTime(when[i]!, timeZone)} ${line}`).slice(-10).join('\n');
}

function historyLines(history: ReservationCard['history'], timeZone: string): string {
  if (history.length === 0) return 'なし';
  return history.map((h) => `• ${formatDateTime(h.createdAt, timeZone)} ${historyActionLabel(h)} — <@${h.actor}>`).join('\n');
}

function viewLines(views: ReservationCard['views'], timeZone: string): string {
  const via = (v: ReservationCard['views'][number]) => (v.after?.via === 'detail' ? '詳細' : '/qrv status');
  return views.map((v) => `<@${v.actor}> ${formatDateTime(v.createdAt, timeZone)}（${via(v)}）`).join(' · ') || 'なし';
}
