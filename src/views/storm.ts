/**
 * The storm alert's body (issue 14 item 6): what happened, the live tally by kind, the manual's
 * §7.2 steps; and the thread reply when it subsides. Pure.
 */
import type { Config } from '../config.js';
import type { AlertStorm } from '../db/schema.js';
import { alertLabel, formatMinutes, isAlertKind, resolveAlertKind } from '../domain/alert-kinds.js';
import { STORM_STEPS } from '../domain/storm.js';
import { formatClock, formatDateTime } from '../domain/time.js';

/** What the storm message shows, read from the database. */
export interface StormCard {
  storm: AlertStorm;
  /** Manual-operation alerts of the storm by kind (most first). */
  tally: Array<{ kind: string; count: number }>;
}

interface StormViewContext {
  timeZone: string;
  overrides?: Config['alertOverrides'];
}

const label = (kind: string, ctx: StormViewContext) => (isAlertKind(kind) ? alertLabel(resolveAlertKind(kind, ctx.overrides)) : kind);

/** 内訳（計 212件）: 全店NG 120件 · 曖昧な回答 60件 · … */
export function tallyLine(tally: StormCard['tally'], ctx: StormViewContext): string {
  const total = tally.reduce((n, t) => n + t.count, 0);
  const parts = tally.map((t) => `${label(t.kind, ctx)} ${t.count}件`);
  return `内訳（計 ${total}件）: ${parts.length ? parts.join(' · ') : 'なし'}`;
}

const triggerText = (storm: AlertStorm) =>
  storm.trigger === 'count'
    ? `マニュアルオペレーションのアラートが${storm.windowMinutes}分間に${storm.triggerCount}件`
    : `マニュアルオペレーションのアラートが${storm.windowMinutes}分間に${storm.triggerCount}件（通常の2倍以上）`;

/** 開始 12:00 〜 最後のアラート 12:14（14分） */
function span(storm: AlertStorm, last: Date, ctx: StormViewContext): string {
  const minutes = Math.max(0, Math.round((last.getTime() - storm.startedAt.getTime()) / 60_000));
  return `${formatDateTime(storm.startedAt, ctx.timeZone)}〜${formatClock(last, ctx.timeZone)}（${formatMinutes(minutes)}）`;
}

/** The body of the storm alert: status, tally, where the alerts are, the manual's §7.2 steps. */
export function stormLines(card: StormCard, ctx: StormViewContext): string[] {
  const { storm } = card;
  const status = storm.endedAt
    ? `✅ *収束* — ${span(storm, storm.lastAlertAt ?? storm.endedAt, ctx)}。最後のアラートから${formatMinutes(storm.windowMinutes)}、新しいマニュアルオペレーションはありません。`
    : `🌀 *継続中* — ${formatDateTime(storm.startedAt, ctx.timeZone)}から。${triggerText(storm)}。`;
  const lines = [status, tallyLine(card.tally, ctx)];
  if (!storm.endedAt) lines.push('この間の新しいマニュアルオペレーションのアラートは、このスレッドに投稿します（それぞれ対応できます。緊急のアラートは通常どおり投稿します）。');
  lines.push('', 'Bland.ai障害の可能性があります（マニュアル §7.2）。インシデントを宣言して対応してください。', ...STORM_STEPS);
  return lines;
}

/** The thread reply when the storm subsides: final tally and duration. */
export function stormEndNote(card: StormCard, ctx: StormViewContext): string {
  const { storm } = card;
  const last = storm.lastAlertAt ?? storm.endedAt ?? storm.startedAt;
  return [
    `✅ マニュアルオペ多発は収束しました（${span(storm, last, ctx)}）。最後のアラートから${formatMinutes(storm.windowMinutes)}、新しいマニュアルオペレーションのアラートはありません。`,
    tallyLine(card.tally, ctx),
    'これからのアラートは通常どおり個別に投稿します。',
  ].join('\n');
}
