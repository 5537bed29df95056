import { ALERT_STATE_LABELS, alertDisplayState } from '../domain/alert-state.js';
import type { KnownBlock } from '@slack/types';
import { isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';
import { formatClock, formatDateTime, formatTimeRange } from '../domain/time.js';
import { WRITE_NOTE_ACTION } from '../handlers/reports/ids.js';
import { statusLabel } from '../domain/reservation-status.js';
import { total } from '../metrics/formulas.js';
import { dayLabel } from '../metrics/period.js';
import type { DueSlot } from '../schedule/slots.js';
import type { EveningReport, MorningReport } from '../workflows/reports.js';
import type { Config } from '../config.js';
import { dailyBlocks, flagBlock, section } from './dashboard.js';
import { count, statusLines } from './metrics-format.js';
import { escapeMrkdwn, inert, truncate } from './text.js';

export interface ReportMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface ReportContext {
  slot: Pick<DueSlot, 'late' | 'scheduledFor'>;
  /** When it was posted (the clock's now). */
  postedAt: Date;
  timeZone: string;
  overrides?: Config['alertOverrides'];
}

/** 【朝の確認】11月30日(月) 10:00 — with 遅延 and the real time when the bot was down at the time. */
export function reportHeader(title: string, ctx: ReportContext, when: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`【${title}】${when}${ctx.slot.late ? '（遅延）' : ''}`, 150) } }];
  if (ctx.slot.late) {
    const note = `⏱ 遅延: 予定 ${formatDateTime(ctx.slot.scheduledFor, ctx.timeZone)} → 投稿 ${formatDateTime(ctx.postedAt, ctx.timeZone)}（ボット停止中のため遅れて投稿しました）`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
  }
  return blocks;
}

/** Chunks lines into sections under the 3000-character limit. */
export function lineSections(title: string, lines: string[], empty: string): KnownBlock[] {
  if (lines.length === 0) return [section(`${title}\n${empty}`)];
  const out: KnownBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + line.length + 1 > 2900) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  out.push(section(current));
  return out;
}

/** 10:00 朝の確認 (manual §2.1 ステップ1–2). Pure. */
export function buildMorningReport(r: MorningReport, ctx: ReportContext): ReportMessage {
  const alertLines = r.open.rows.map((a) => {
    const kind = isAlertKind(a.kind) ? a.kind : 'system';
    const spec = resolveAlertKind(kind, ctx.overrides, a.details);
    const overdue = ctx.postedAt.getTime() > a.createdAt.getTime() + spec.deadlineMinutes * 60_000;
    const display = alertDisplayState({ resolvedAt: null, assignee: a.assignee, deliveryState: a.deliveryState });
    const state = display === 'needs_action' ? `⚠️ ${ALERT_STATE_LABELS.needs_action}${a.assignee ? ` 担当 <@${a.assignee}>` : ''}` : a.assignee ? `担当 <@${a.assignee}>` : '未対応';
    return `• #${a.id} ${inert(spec.title, 200)} ${a.reservationId ?? ''} — 受信 ${formatDateTime(a.createdAt, ctx.timeZone)} · ${state}${overdue ? ' · ⚠️ 期限超過' : ''}`;
  });
  if (r.open.total > r.open.rows.length) alertLines.push(`ほか ${r.open.total - r.open.rows.length}件`);
  const retry = r.open.rows.filter((a) => a.deliveryState === 'failed').length;
  const blocks: KnownBlock[] = [
    ...reportHeader('朝の確認', ctx, `${dayLabel(r.daily.today)} ${formatClock(ctx.slot.scheduledFor, ctx.timeZone)}`),
    flagBlock(r.daily.flags),
    ...dailyBlocks(r.daily),
    { type: 'divider' },
    ...lineSections(`*未対応の通知*（${r.open.total}件${retry ? `、うち要再対応 ${retry}件` : ''}、優先度の高いものから対応してください）`, alertLines, '未対応の通知はありません ✅'),
  ];
  const anomalies = r.daily.flags.length ? `異常値 ${r.daily.flags.length}件` : '異常値なし';
  return { text: `【朝の確認】${dayLabel(r.daily.today)}: ${anomalies}、未対応の通知 ${r.open.total}件`, blocks: blocks.slice(0, 50) };
}

/** 18:00 終業時の記録 (manual §2.3 ステップ1–2), with the 特記事項 button. Pure. */
export function buildEveningReport(r: EveningReport, ctx: ReportContext): ReportMessage {
  const note = r.note ? `${escapeMrkdwn(r.note.note)}\n（<@${r.note.actor}>、${formatDateTime(r.note.updatedAt, ctx.timeZone)}）` : '（未記入）';
  const attention = r.tomorrow.attention.map((a) => {
    const why = [statusLabel(a.status)];
    if (a.openAlerts > 0) why.push(`未解決アラート${a.openAlerts}件${a.retryAlerts > 0 ? `（うち要再対応${a.retryAlerts}件）` : ''}`);
    if (a.shopListed === false) why.push('未登録店舗');
    return `• ${a.id} ${escapeMrkdwn(a.service)} ${formatTimeRange(a.startsAt, a.endsAt, ctx.timeZone)} — ${why.join(' · ')}`;
  });
  const tomorrowCount = total(r.tomorrow.byStatus);
  const blocks: KnownBlock[] = [
    ...reportHeader('終業時の記録', ctx, dayLabel(r.day)),
    section(`*今日の業務記録*\nマニュアルオペレーション件数: ${count(r.manualOps)}\n問い合わせ件数: ${count(r.inquiries)}\nインシデント件数: ${count(r.incidents)}`),
    section(`*特記事項*\n${note}`),
    {
      type: 'actions',
      block_id: 'qrv_evening_actions',
      elements: [{ type: 'button', action_id: WRITE_NOTE_ACTION, text: { type: 'plain_text', text: '特記事項を書く' }, value: r.day.date }],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: '問い合わせ・インシデントは `/qrv inquiry 内容`・`/qrv incident 内容` で記録できます' }] },
    { type: 'divider' },
    section(`*明日の予約確認*（${dayLabel(r.tomorrow.day)}）\n予約件数: ${count(tomorrowCount)}${tomorrowCount ? `\n${statusLines(r.tomorrow.byStatus).join('\n')}` : ''}`),
    ...lineSections('*特別な対応が必要な予約*', attention, 'ありません ✅'),
  ];
  return { text: `【終業時の記録】${dayLabel(r.day)}: マニュアルオペ ${r.manualOps}件、問い合わせ ${r.inquiries}件、インシデント ${r.incidents}件`, blocks: blocks.slice(0, 50) };
}

