import type { KnownBlock } from '@slack/types';
import type { TomorrowEntry } from '../domain/tomorrow.js';
import { formatClock, formatDateTime, formatTimeRange } from '../domain/time.js';
import { WRITE_NOTE_ACTION } from './ids/reports.js';
import { statusLabel } from '../domain/reservation-status.js';
import { total } from '../metrics/formulas.js';
import { dayLabel } from '../metrics/period.js';
import type { DueSlot } from '../schedule/slots.js';
import type { EveningReport, MorningReport, Tomorrow } from '../workflows/reports.js';
import type { Config } from '../config.js';
import { dailyBlocks, flagBlock, section } from './dashboard.js';
import { count, statusLines } from './metrics-format.js';
import { pendingMaintenanceBlocks } from './maintenance.js';
import { queueLine } from './queue.js';
import { escapeMrkdwn, truncate } from './text.js';
import type { Incident } from '../db/schema.js';
import { formatMinutes } from '../domain/alert-kinds.js';
import { INCIDENT_SEVERITY_LABELS, isIncidentSeverity } from '../domain/incident-timeline.js';

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
function lineSections(title: string, lines: string[], empty: string): KnownBlock[] {
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

/**
 * One declared incident of the 18:00 post or the weekly report: severity, the title linked to the
 * incident message, 開始, and 対応中 or 復旧済み with the end and the duration. Pure.
 */
export function declaredIncidentLine(incident: Incident, ctx: { timeZone: string; now: Date }): string {
  const severity = isIncidentSeverity(incident.severity) ? INCIDENT_SEVERITY_LABELS[incident.severity] : '-';
  const title = escapeMrkdwn(truncate(incident.summary, 120)).replace(/\|/g, '｜');
  const name = incident.permalink ? `<${incident.permalink}|${title}>` : title;
  const end = incident.endedAt ?? ctx.now;
  const minutes = formatMinutes(Math.max(0, (end.getTime() - incident.createdAt.getTime()) / 60_000));
  const start = `開始 ${formatDateTime(incident.createdAt, ctx.timeZone)}`;
  const state = incident.endedAt ? `復旧済み · ${start} · 終了 ${formatDateTime(incident.endedAt, ctx.timeZone)} · 所要 ${minutes}` : `対応中 · ${start} · 経過 ${minutes}`;
  return `• [${severity}] ${name} — ${state}`;
}

/** 宣言されたインシデント: the count and one line each (manual §7). Pure. */
export function declaredIncidentBlocks(list: Incident[], ctx: { timeZone: string; now: Date }, scope: string): KnownBlock[] {
  return lineSections(`*宣言されたインシデント*（${scope}）: ${count(list.length)}`, list.map((i) => declaredIncidentLine(i, ctx)), 'ありません');
}

/** 10:00 朝の確認 (manual §2.1 ステップ1–2). Pure. */
export function buildMorningReport(r: MorningReport, ctx: ReportContext): ReportMessage {
  const shown = r.open.slice(0, MORNING_LINES);
  const alertLines = shown.map((item) => `• ${queueLine(item, { now: ctx.postedAt, timeZone: ctx.timeZone })}`);
  if (r.open.length > shown.length) alertLines.push(`ほか ${r.open.length - shown.length}件（\`/qrv queue\` で全件）`);
  const retry = r.open.filter((a) => a.needsRetry).length;
  const blocks: KnownBlock[] = [
    ...reportHeader('朝の確認', ctx, `${dayLabel(r.daily.today)} ${formatClock(ctx.slot.scheduledFor, ctx.timeZone)}`),
    flagBlock(r.daily.flags),
    ...dailyBlocks(r.daily),
    { type: 'divider' },
    ...lineSections(`*未対応の通知*（${r.open.length}件${retry ? `、うち要再対応 ${retry}件` : ''}、優先度の高いものから対応してください）`, alertLines, '未対応の通知はありません ✅'),
    ...pendingMaintenanceBlocks(r.maintenance, ctx.timeZone),
  ];
  const anomalies = r.daily.flags.length ? `異常値 ${r.daily.flags.length}件` : '異常値なし';
  return { text: `【朝の確認】${dayLabel(r.daily.today)}: ${anomalies}、未対応の通知 ${r.open.length}件`, blocks: blocks.slice(0, 50) };
}

const MORNING_LINES = 20;
const TOMORROW_LINES = 15;

/** One reservation of 明日の予約確認: time, ID, service, status, and why it needs attention. Pure. */
function tomorrowLine(e: TomorrowEntry, timeZone: string): string {
  const why = e.reasons.length ? ` — ⚠️ ${e.reasons.join(' · ')}` : '';
  return `• ${formatTimeRange(e.startsAt, e.endsAt, timeZone)} ${e.id} ${escapeMrkdwn(e.service)} · ${statusLabel(e.status)}${why}`;
}

/** 明日の予約確認 (manual §2.3 ステップ2): live reservations counted by status; attention first; ほか N件. Pure. */
export function tomorrowBlocks(t: Tomorrow, timeZone: string, { limit = TOMORROW_LINES }: { limit?: number } = {}): KnownBlock[] {
  const live = total(t.byStatus);
  const attention = t.entries.filter((e) => e.reasons.length).length;
  const lines = t.entries.slice(0, limit).map((e) => tomorrowLine(e, timeZone));
  if (t.entries.length > limit) lines.push(`ほか ${t.entries.length - limit}件（\`/qrv tomorrow\` で全件）`);
  return [
    section(`*明日の予約確認*（${dayLabel(t.day)}）\n予約件数: ${count(live)}（キャンセル・予約不可・決済期限切れを除く）${live ? `\n${statusLines(t.byStatus).join('\n')}` : ''}`),
    ...lineSections(`*特別な対応が必要な予約*: ${count(attention)}（先頭に表示）`, lines, '明日の予約はありません'),
  ];
}
/** 18:00 終業時の記録 (manual §2.3 ステップ1–2), with the 特記事項 button. Pure. */
export function buildEveningReport(r: EveningReport, ctx: ReportContext): ReportMessage {
  const note = r.note ? `${escapeMrkdwn(r.note.note)}\n（<@${r.note.actor}>、${formatDateTime(r.note.updatedAt, ctx.timeZone)}）` : '（未記入）';
  const blocks: KnownBlock[] = [
    ...reportHeader('終業時の記録', ctx, dayLabel(r.day)),
    section(`*今日の業務記録*\nマニュアルオペレーション件数: ${count(r.manualOps)}\n問い合わせ件数: ${count(r.inquiries)}\nインシデント件数: ${count(r.incidents)}`),
    ...declaredIncidentBlocks(r.declared, { timeZone: ctx.timeZone, now: ctx.postedAt }, '今日に対応したもの'),
    section(`*特記事項*\n${note}`),
    {
      type: 'actions',
      block_id: 'qrv_evening_actions',
      elements: [{ type: 'button', action_id: WRITE_NOTE_ACTION, text: { type: 'plain_text', text: '特記事項を書く' }, value: r.day.date }],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: '問い合わせ・インシデントは `/qrv inquiry 内容`・`/qrv incident 内容` で記録できます' }] },
    { type: 'divider' },
    ...tomorrowBlocks(r.tomorrow, ctx.timeZone),
  ];
  return { text: `【終業時の記録】${dayLabel(r.day)}: マニュアルオペ ${r.manualOps}件、問い合わせ ${r.inquiries}件、インシデント ${r.incidents}件、宣言されたインシデント ${r.declared.length}件`, blocks: blocks.slice(0, 50) };
}

