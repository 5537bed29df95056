import type { KnownBlock } from '@slack/types';
import type { Config } from '../config.js';
import { formatDateTime } from '../domain/time.js';
import { countOf, total, PAID_STATUSES, PAYMENT_ATTEMPT_STATUSES, SUCCESS_STATUSES, CANCELLED_STATUSES, CONFIRMED_STATUSES, type Flag } from '../metrics/formulas.js';
import type { DailyMetrics } from '../metrics/daily.js';
import { dayLabel, WEEKDAY_LABELS } from '../metrics/period.js';
import type { PeriodSummary, WeeklyMetrics } from '../metrics/weekly.js';
import { count, percent, ratio, statusLines, timingLine } from './metrics-format.js';
import { truncate } from './text.js';

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const fields = (...items: Array<[string, string]>): KnownBlock => ({
  type: 'section',
  fields: items.map(([label, value]) => ({ type: 'mrkdwn' as const, text: truncate(`*${label}*\n${value}`, 2000) })),
});

/** ⚠️ lines in the manual's words, or a single ✅ line. */
export function flagBlock(flags: Flag[]): KnownBlock {
  if (flags.length === 0) return section('✅ 異常値はありません');
  return section(`*⚠️ 異常値*\n${flags.map((f) => `• ${f.message}`).join('\n')}`);
}

/** Manual §4.2 日次確認項目. */
export function dailyBlocks(m: DailyMetrics): KnownBlock[] {
  const today = statusLines(m.todayByStatus);
  return [
    section(`*日次確認項目*（${dayLabel(m.today)}）`),
    fields(
      ['今日の予約件数', `${count(m.reservationsToday)}（通常 ${count(m.usualReservations)}）`],
      ['今日のマニュアルオペレーション件数', `${count(m.manualOpsToday)}（予約件数の${percent(m.manualShare)}、通常 ${count(m.usualManualOps)}）`],
      ['昨日の予約成功率', `${percent(m.successRateYesterday)}（${ratio(countOf(m.yesterdayByStatus, SUCCESS_STATUSES), total(m.yesterdayByStatus))}）`],
      ['昨日の決済成功率', `${percent(m.paymentRateYesterday)}（${ratio(countOf(m.yesterdayByStatus, PAID_STATUSES), countOf(m.yesterdayByStatus, PAYMENT_ATTEMPT_STATUSES))}）`],
    ),
    section(`*今日の予約件数（ステータス別）*\n${today.length ? today.join('\n') : 'なし'}`),
  ];
}

/** The figures of a period (week or month): rates, calls, alert timings. */
export function periodBlocks(s: PeriodSummary, overrides: Config['alertOverrides'] = {}): KnownBlock[] {
  const timings = s.alertTimings.map((t) => `• ${timingLine(t, overrides)}`);
  return [
    fields(
      ['キャンセル率', `${percent(s.cancelRate)}（${ratio(countOf(s.byStatus, CANCELLED_STATUSES), countOf(s.byStatus, CONFIRMED_STATUSES))}）`],
      ['平均電話発信回数', s.avgCalls === null ? '—' : `${s.avgCalls.toFixed(1)}店舗（${s.calls}回 / 成功${s.successes}件）`],
    ),
    section(`*対応時間（種別ごと、受信から）*\n${timings.length ? timings.join('\n') : 'アラートなし'}`),
  ];
}

/** Manual §4.2 週次確認項目: the trend by weekday, then the period figures. */
export function weeklyBlocks(w: WeeklyMetrics, overrides: Config['alertOverrides'] = {}): KnownBlock[] {
  const trend = w.days.map((d) => `${WEEKDAY_LABELS[d.weekday]} ${d.total}`).join(' · ');
  return [
    section(`*週次確認項目*（${dayLabel(w.days[0]!)}〜${dayLabel(w.days[w.days.length - 1]!)}）`),
    section(`*今週の予約推移*（曜日別の予約件数）\n${trend}（計 ${w.reservations}件）`),
    ...periodBlocks(w, overrides),
  ];
}

export interface DashboardMessage {
  text: string;
  blocks: KnownBlock[];
}

type DashboardInput = { daily: DailyMetrics; weekly: WeeklyMetrics; timeZone: string; overrides?: Config['alertOverrides'] };

/**
 * The last message built from each computation's figures: a burst of `/qrv dashboard` shares one
 * computation (workflows/dashboard.ts), and so one message. Reused only for the same figures, time
 * zone and thresholds; the message is read, never changed, by its callers.
 */
const built = new WeakMap<DailyMetrics, { input: DashboardInput; message: DashboardMessage }>();

/** `/qrv dashboard` and the App Home tab: manual §4.2, flags first. Pure (the same input gives the same message). */
export function buildDashboard(input: DashboardInput): DashboardMessage {
  const last = built.get(input.daily);
  if (last && last.input.weekly === input.weekly && last.input.timeZone === input.timeZone && last.input.overrides === input.overrides) return last.message;
  const message = composeDashboard(input);
  built.set(input.daily, { input, message });
  return message;
}

function composeDashboard(input: DashboardInput): DashboardMessage {
  const { daily, weekly } = input;
  const flags = [...daily.flags, ...weekly.flags];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'QRV ダッシュボード' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${formatDateTime(daily.now, input.timeZone)} 時点（${input.timeZone}）` }] },
    flagBlock(flags),
    { type: 'divider' },
    ...dailyBlocks(daily),
    { type: 'divider' },
    ...weeklyBlocks(weekly, input.overrides),
  ];
  const summary = flags.length ? flags.map((f) => f.message).join(' / ') : '異常値はありません';
  return { text: `QRV ダッシュボード: ${summary}`, blocks };
}
