/**
 * Block Kit for `/qrv logs`: searching, results list, errors, help. Pure; respects Slack's
 * limits (≤ 50 blocks, section text ≤ 3000 chars); every log text is escaped and redacted.
 */
import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { escapeMrkdwn, EXAMPLES, type LogsError } from '../logs/errors.js';
import { cut, formatShortTime, shortGroup } from '../logs/records.js';
import { redact } from '../logs/redact.js';
import { LIMITS, RESERVATION_WINDOW_DAYS } from '../logs/query.js';
import type { LogQuery, LogRecord, LogSearchResult } from '../logs/source.js';

const MAX_BLOCKS = 50;
const SECTION_MAX = 3000;
/** Lines shown in the message; more → the full result goes into a file. */
const DEFAULT_MAX_LINES = 30;
const MESSAGE_MAX_CHARS = 300;

export interface LogsMessage {
  text: string;
  blocks: KnownBlock[];
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_MAX) } });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(text, SECTION_MAX) }] });
const sourceLabel = (name: string) => (name === 'cloudwatch' ? 'CloudWatch Logs Insights' : 'ローカルのログファイル');

export function logsSearchingMessage(query: LogQuery, sourceName: string): LogsMessage {
  const text = `:mag: 検索中: ${query.title}`;
  return { text, blocks: [section(text), context(`${sourceLabel(sourceName)} を検索しています。完了したらここに結果を表示します。`)] };
}

const LEVEL_MARK: Record<string, string> = { ERROR: ':red_circle:', FATAL: ':red_circle:', CRITICAL: ':red_circle:', WARN: ':large_yellow_circle:' };

/** `01/29 14:03:12` `api-server` :red_circle: *ERROR* message (cut to 300 chars). */
export function formatRecordLine(record: LogRecord, timeZone: string, maxChars = MESSAGE_MAX_CHARS, showPii = false): string {
  const flat = redact(record.message, { pii: !showPii }).replace(/\s*[\r\n]+\s*/g, ' ⏎ ').trim();
  const level = record.level ? `${LEVEL_MARK[record.level] ?? ''}${LEVEL_MARK[record.level] ? ' ' : ''}*${escapeMrkdwn(record.level)}* ` : '';
  return `\`${formatShortTime(record.timestamp, timeZone)}\` \`${escapeMrkdwn(shortGroup(record.group))}\` ${level}${escapeMrkdwn(cut(flat, maxChars))}`;
}

export interface ResultMessageInput {
  query: LogQuery;
  result: LogSearchResult;
  timeZone: string;
  sourceName: string;
  maxLines?: number;
  /** The full result as a file: attached, failed to attach, or not needed. */
  file?: { status: 'attached' | 'failed'; filename: string };
  consoleUrl?: string;
  /** Phones, e-mails and addresses unmasked: only for an operator viewing privately. */
  showPii?: boolean;
}

const SECTION_BUDGET = SECTION_MAX - 100;

/** Packs up to `maxLines` record lines into section texts that fit Slack's limits. */
export function layoutRecordLines(
  records: LogRecord[],
  timeZone: string,
  maxLines = DEFAULT_MAX_LINES,
  maxSections = MAX_BLOCKS - 2,
  showPii = false,
): { sections: string[]; shown: number } {
  const sections: string[] = [];
  let chunk = '';
  let shown = 0;
  for (const record of records.slice(0, maxLines)) {
    const line = formatRecordLine(record, timeZone, MESSAGE_MAX_CHARS, showPii);
    if (chunk && chunk.length + 1 + line.length > SECTION_BUDGET) {
      sections.push(chunk);
      chunk = '';
      if (sections.length >= maxSections) return { sections, shown };
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
    shown++;
  }
  if (chunk) sections.push(chunk);
  return { sections, shown };
}

const zoneLabel = (timeZone: string) => (timeZone === 'Asia/Tokyo' ? '日本時間' : escapeMrkdwn(timeZone));

export function logsResultMessage(input: ResultMessageInput): LogsMessage {
  const { query, result, timeZone, consoleUrl } = input;
  const records = result.records;
  const { sections, shown } = layoutRecordLines(records, timeZone, input.maxLines, undefined, input.showPii);
  const matched = result.recordsMatched ?? records.length;
  let summary =
    records.length === 0
      ? '該当するログは見つかりませんでした。'
      : `${records.length}件（新しい順）${shown < records.length ? `のうち新しい ${shown} 件を表示` : ''}`;
  if (matched > records.length) summary += `\n一致 ${matched} 件のうち上限 ${query.limit} 件まで取得しました。期間を短くするか \`--group\` で絞り込んでください。`;
  const text = `${query.title}: ${records.length === 0 ? '該当なし' : `${records.length}件`}`;

  const footer: string[] = [];
  if (input.file?.status === 'attached') footer.push(`:paperclip: 全 ${records.length} 件を \`${escapeMrkdwn(input.file.filename)}\` として添付しました。`);
  if (input.file?.status === 'failed') footer.push(':warning: 全件のファイル添付に失敗しました（ボットの `files:write` 権限を確認してください）。');
  if (consoleUrl) footer.push(`<${consoleUrl}|CloudWatch コンソールで同じ検索を開く>`);
  for (const n of result.notices ?? []) footer.push(n);
  footer.push(`検索元: ${sourceLabel(input.sourceName)}・時刻は${zoneLabel(timeZone)}`);

  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(query.title)}*\n${summary}`), ...sections.map(section), context(footer.join('\n'))];
  return { text, blocks };
}

export function logsErrorMessage(error: Pick<LogsError, 'code' | 'message' | 'details'>): LogsMessage {
  const blocks: KnownBlock[] = [section(`:warning: ${error.message}`)];
  const notes = [`エラーコード: \`${error.code}\``];
  if (error.details?.consoleUrl) notes.unshift(`<${error.details.consoleUrl}|CloudWatch コンソールで同じ検索を開く>`);
  blocks.push(context(notes.join('\n')));
  return { text: `ログ検索エラー: ${cut(error.message.split('\n')[0] ?? '', 150)}`, blocks };
}

export interface HelpInput {
  groups: string[];
  timeZone: string;
  sourceName: string;
}

export function logsHelpMessage({ groups, timeZone, sourceName }: HelpInput): LogsMessage {
  const usage = [
    '*`/qrv logs` — ログ検索（マニュアル §6.2）*',
    `• \`/qrv logs QRV-XXXXXX\` — 予約IDを含むログ（過去${RESERVATION_WINDOW_DAYS}日・新しい順・最大${LIMITS.reservation}件）`,
    `• \`/qrv logs errors [30m|1h|24h|7d]\` — \`level = "ERROR"\` のログ（既定 1h・最大${LIMITS.errors}件）`,
    `• \`/qrv logs 2025-01-29 14:00-15:00\` — 時間帯（日本時間）。日付を省くと今日。\`23:00-01:00\` は翌日まで`,
    '• `--group api-server` — ロググループを絞る（複数可: `--group api-server,mcp-server`）',
    '• `--share` — 結果をチャンネルに表示（既定は自分だけに表示）',
    '• `/qrv logs help` — この説明',
  ].join('\n');
  const more = [
    `*ロググループ:* ${groups.map((g) => `\`${escapeMrkdwn(g)}\``).join('、')}`,
    `*例:*\n${EXAMPLES.map((e) => `• ${e}`).join('\n')}`,
  ].join('\n');
  return {
    text: '/qrv logs の使い方',
    blocks: [
      section(usage),
      section(more),
      context(`検索元: ${sourceLabel(sourceName)}・時刻は${zoneLabel(timeZone)}・${DEFAULT_MAX_LINES}件を超える結果はファイルで添付します`),
    ],
  };
}
