import type { Reservation } from '../db/schema.js';
import type { AlertField } from '../domain/alert-kinds.js';
import { PHONE_VERDICT_LABELS, phoneVerdict, smsErrorInfo } from '../domain/sms-errors.js';
import { formatMinutes } from '../domain/alert-kinds.js';
import { ALL_SHOPS_NG_OPTIONS, offHoursReason, type DaytimeHours } from '../domain/all-shops-ng-options.js';
import { formatDateTime, formatTimeRange } from '../domain/time.js';
import type { AlertCard } from '../workflows/alert-card.js';
import { escapeMrkdwn, truncate } from './text.js';

const LATE_CANCEL_NOTICE_HOURS = 48;

/** The alert's field lines in the kind's order; a value its procedure changed reads 変更前 … → 変更後 …. Pure. */
export function fieldLines(fields: readonly AlertField[], card: AlertCard, timeZone: string): string[] {
  const lines = fields.map((f) => fieldLine(f, card, timeZone)).filter((l): l is string => l !== null);
  // A change to a value the kind does not list (変更依頼 has no 日時) still shows, after the fields.
  for (const extra of ['service', 'time'] as const) {
    if (!fields.includes(extra)) {
      const line = changedLine(extra, card, timeZone);
      if (line) lines.push(line);
    }
  }
  return lines;
}

function changedLine(field: 'service' | 'time', card: AlertCard, timeZone: string): string | null {
  const { reservation: r, original: o } = card;
  if (!r || !o) return null;
  if (field === 'service' && o.service !== undefined && o.service !== r.service) {
    return `サービス: 変更前 ${escapeMrkdwn(o.service)} → 変更後 ${escapeMrkdwn(r.service)}`;
  }
  if (field === 'time' && (o.startsAt || o.endsAt)) {
    const before = formatTimeRange(o.startsAt ?? r.startsAt, o.endsAt ?? r.endsAt, timeZone);
    const after = formatTimeRange(r.startsAt, r.endsAt, timeZone);
    if (before !== after) return `日時: 変更前 ${before} → 変更後 ${after}`;
  }
  return null;
}

function fieldLine(field: AlertField, card: AlertCard, timeZone: string): string | null {
  const { alert, reservation: r, shop } = card;
  const d = alert.details;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? escapeMrkdwn(v.trim()) : null);
  switch (field) {
    case 'reservationId':
      return `予約ID: ${alert.reservationId ?? '（不明）'}`;
    case 'service':
      return changedLine('service', card, timeZone) ?? `サービス: ${r ? escapeMrkdwn(r.service) : '（不明）'}`;
    case 'time':
      return changedLine('time', card, timeZone) ?? `日時: ${r ? formatTimeRange(r.startsAt, r.endsAt, timeZone) : '（不明）'}`;
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
    case 'shopWords':
      return `提携店の回答: ${card.shopWords ? `「${escapeMrkdwn(truncate(card.shopWords, 500))}」` : '（記録なし）'}`;
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

/**
 * 全店NG 手順2 対応方針の決定: each option with the manual's condition and time budget; B is marked
 * 推奨 when the booking starts outside the daytime hours. Pure.
 */
export function allShopsNgOptionLines(card: AlertCard, daytime: DaytimeHours, timeZone: string): string[] {
  const night = card.reservation ? offHoursReason(card.reservation.startsAt, daytime, timeZone) : null;
  return [
    '*対応方針*（条件 · 所要時間）',
    ...ALL_SHOPS_NG_OPTIONS.map((o) => {
      const line = `${o.label} — ${o.condition} · ${o.budget}`;
      return o.key === 'B' && night ? `*${line}　← 推奨（${night}）*` : line;
    }),
  ];
}

/** Whether B is 推奨 for this alert (for its button). */
export function recommendsReschedule(card: AlertCard, daytime: DaytimeHours, timeZone: string): boolean {
  return card.alert.kind === 'all_shops_ng' && card.reservation !== null && offHoursReason(card.reservation.startsAt, daytime, timeZone) !== null;
}

/** SMS送信失敗 (manual §3.2): why it failed (details.error) and what the registered number is. */
export function smsFailureLines(details: Record<string, unknown>, r: Reservation | null): string[] {
  const error = smsErrorInfo(details.error);
  const lines = [`失敗理由: ${error ? escapeMrkdwn(error.label) : '（不明: 理由が記録されていません）'}`];
  if (r) lines.push(`電話番号の判定: ${PHONE_VERDICT_LABELS[phoneVerdict(r.clientPhone, error)]}`);
  return lines;
}

export function systemLines(details: Record<string, unknown>): string[] {
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
