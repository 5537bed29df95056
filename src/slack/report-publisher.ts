import type { WebClient } from '@slack/web-api';
import { buildWeeklyChartSvg } from '../charts/weekly-chart.js';
import type { AppDeps } from '../deps.js';
import type { LocalDay } from '../metrics/period.js';
import { createScheduledPostsRepository } from '../repositories/scheduled-posts.js';
import type { ReportPublisher } from '../schedule/run.js';
import type { DueSlot } from '../schedule/slots.js';
import { buildMonthlyReport, buildWeeklyReport, monthlyAuditNote } from '../views/period-reports.js';
import { buildEveningReport, buildMorningReport, type ReportContext, type ReportMessage } from '../views/reports.js';
import { loadEveningReport, loadMonthlyReport, loadMorningReport, loadWeeklyReport } from '../workflows/reports.js';

async function render(
  deps: AppDeps,
  slot: Pick<DueSlot, 'kind' | 'day' | 'late' | 'scheduledFor'>,
  postedAt = deps.clock.now(),
): Promise<{ message: ReportMessage; chart?: { png: Buffer; title: string } }> {
  const ctx: ReportContext = { slot, postedAt, timeZone: deps.config.timezone, overrides: deps.config.alertOverrides };
  switch (slot.kind) {
    case 'morning':
      return { message: buildMorningReport(await loadMorningReport(deps), ctx) };
    case 'evening':
      return { message: buildEveningReport(await loadEveningReport(deps, slot.day), ctx) };
    case 'weekly': {
      const week = await loadWeeklyReport(deps);
      const title = `QRV reservations by day and status, ${week.days[0]!.date} - ${week.days[week.days.length - 1]!.date}`;
      const { renderPng } = await import('../charts/render-png.js'); // resvg's native module, loaded once a week rather than at start-up
      return { message: buildWeeklyReport(week, ctx), chart: { png: renderPng(buildWeeklyChartSvg({ days: week.days, title })), title } };
    }
    case 'monthly':
      return { message: buildMonthlyReport(await loadMonthlyReport(deps), ctx) };
  }
}

/**
 * Posts the scheduled reports to QRV_ALERTS_CHANNEL; the weekly one with its chart (files.uploadV2);
 * after the monthly one, `afterMonthly` (the npm audit job answering in its thread).
 */
export function createReportPublisher(client: WebClient, deps: AppDeps, hooks: { afterMonthly?: (where: { channel: string; ts: string }) => Promise<void> } = {}): ReportPublisher {
  return {
    async publish(slot) {
      const { message, chart } = await render(deps, slot);
      const res = await client.chat.postMessage({ channel: deps.config.alertsChannel, ...message, unfurl_links: false });
      const where = { channel: res.channel!, ts: res.ts! };
      if (chart) {
        try {
          await client.files.uploadV2({
            channel_id: where.channel,
            file: chart.png,
            filename: `qrv-weekly-${slot.day.date}.png`,
            title: chart.title,
            alt_text: '今週の予約推移（曜日別・ステータス別の予約件数）',
            initial_comment: '週次レポート: 今週の予約推移（曜日別・ステータス別）',
          });
        } catch (error) {
          deps.logger.error({ err: error, slot: slot.slot }, 'weekly chart upload failed');
          await client.chat.postMessage({ channel: where.channel, thread_ts: where.ts, text: 'グラフのアップロードに失敗しました（詳細はボットのログ）。' });
        }
      }
      if (slot.kind === 'monthly' && hooks.afterMonthly) {
        await hooks.afterMonthly(where).catch(async (error: unknown) => {
          deps.logger.error({ err: error, slot: slot.slot }, 'could not start the monthly npm audit');
          await client.chat.postMessage({ channel: where.channel, thread_ts: where.ts, text: monthlyAuditNote({ ok: false, text: '確認できませんでした（ジョブを開始できませんでした。詳細はボットのログ）。手動で実行して「完了を記録」してください。' }) });
        });
      }
      return where;
    },
  };
}

/** Re-renders the 18:00 post of a day in place (after its 特記事項 was written). */
export async function updateEveningPost(client: WebClient, deps: AppDeps, day: LocalDay): Promise<boolean> {
  const post = await createScheduledPostsRepository({ db: deps.db }).find(`evening:${day.date}`);
  if (!post?.channel || !post.ts) return false;
  const { message } = await render(deps, { kind: 'evening', day, late: post.late, scheduledFor: post.scheduledFor }, post.postedAt ?? undefined);
  await client.chat.update({ channel: post.channel, ts: post.ts, ...message });
  return true;
}
