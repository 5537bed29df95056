import type { KnownBlock } from '@slack/types';
import { formatClock } from '../domain/time.js';
import { dayLabel } from '../metrics/period.js';
import type { CheckResult } from '../workflows/maintenance-checks.js';
import type { MonthlyReport, WeeklyReport } from '../workflows/reports.js';
import { flagBlock, periodBlocks, section, weeklyBlocks } from './dashboard.js';
import { count, percent } from './metrics-format.js';
import { declaredIncidentBlocks, reportHeader, type ReportContext, type ReportMessage } from './reports.js';
import { maintenanceTaskBlock } from './maintenance.js';
import { unlistedShopBlocks } from './shops.js';

const recordsLine = (s: { reservations: number; manualOps: number; inquiries: number; incidents: number }) =>
  `予約件数: ${count(s.reservations)} · マニュアルオペレーション件数: ${count(s.manualOps)} · 問い合わせ件数: ${count(s.inquiries)} · インシデント件数: ${count(s.incidents)}`;

/** Friday 週次レポート (manual §8.2): the week's figures; the chart goes up as a file beside it. Pure. */
export function buildWeeklyReport(w: WeeklyReport, ctx: ReportContext): ReportMessage {
  const range = `${dayLabel(w.days[0]!)}〜${dayLabel(w.days[w.days.length - 1]!)}`;
  const blocks: KnownBlock[] = [
    ...reportHeader('週次レポート', ctx, range),
    flagBlock(w.flags),
    section(recordsLine(w)),
    section(`予約成功率: ${percent(w.successRate)} · 決済成功率: ${percent(w.paymentRate)}`),
    ...weeklyBlocks(w, ctx.overrides),
    ...declaredIncidentBlocks(w.declared, { timeZone: ctx.timeZone, now: ctx.postedAt }, '今週'),
    ...unlistedShopBlocks(w.unlistedShops, w.unlistedTotal, ctx.timeZone),
    section('*週次メンテナンス*（金曜日）'),
    ...w.maintenance.map((item) => maintenanceTaskBlock(item, ctx.timeZone)),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `提携店リスト更新は上の未登録店舗から · 集計 ${formatClock(ctx.postedAt, ctx.timeZone)} 時点` }] },
  ];
  return { text: `【週次レポート】${range}: 予約 ${w.reservations}件${w.flags.length ? `、異常値 ${w.flags.length}件` : ''}`, blocks };
}

/** 月次レポート (manual §8.3): the previous month's figures and the month's maintenance checklist. Pure. */
export function buildMonthlyReport(m: MonthlyReport, ctx: ReportContext): ReportMessage {
  const s = m.summary;
  const blocks: KnownBlock[] = [
    ...reportHeader('月次レポート', ctx, m.label),
    flagBlock(s.flags),
    section(recordsLine(s)),
    section(`予約成功率: ${percent(s.successRate)} · 決済成功率: ${percent(s.paymentRate)}`),
    ...periodBlocks(s, ctx.overrides),
    section('*月次メンテナンス*（月初5営業日以内）'),
    ...m.maintenance.map((item) => maintenanceTaskBlock(item, ctx.timeZone)),
    ...(m.checks ? [section(`*自動確認*\n• データベースバックアップ（WALアーカイブ）: ${m.checks.wal.text}\n• 脆弱性スキャン: ${m.checks.audit.text}`)] : []),
  ];
  return { text: `【月次レポート】${m.label}: 予約 ${s.reservations}件、予約成功率 ${percent(s.successRate)}`, blocks };
}

/** The npm audit result, in the monthly post's thread (a job runs it after the post). Pure. */
export function monthlyAuditNote(result: CheckResult): string {
  return `${result.ok ? '🔍' : '⚠️'} 脆弱性スキャン（自動確認）: ${result.text}`;
}
