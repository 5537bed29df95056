/**
 * `/qrv logs …` end to end, for the command handler to call after `ack()`: parse, say it is
 * searching, search, answer (ephemeral unless --share), attach the full result as a file when
 * it does not fit. Never throws: every failure becomes a Japanese message.
 */
import type { KnownBlock } from '@slack/types';
import {
  layoutRecordLines,
  logsErrorMessage,
  logsHelpMessage,
  logsResultMessage,
  logsSearchingMessage,
  type LogsMessage,
} from '../views/logs.js';
import { createCloudWatchSource } from './cloudwatch.js';
import { OWN_LOG_GROUP, type LogsConfig } from './config.js';
import { badInput, isLogsError, LogsError, unexpected } from './errors.js';
import { createLocalSource } from './local.js';
import { parseLogsCommand, RESERVATION_ID_RE, type LogsCommand } from './parse.js';
import { buildLogQuery } from './query.js';
import { recordsToText } from './records.js';
import type { LogQuery, LogSource } from './source.js';

/**
 * What `respond` receives; compatible with Bolt's `respond` (response_url). `replace_original`
 * is true only for the slash command's own ephemeral 「検索中」 message; from the alert button it
 * is always false, so the alert itself is never overwritten.
 */
export interface LogsResponse {
  response_type: 'ephemeral' | 'in_channel';
  replace_original: boolean;
  text: string;
  blocks: KnownBlock[];
}

/**
 * A file to upload (files.uploadV2). `share: true` → post it in `channelId`; otherwise it must
 * stay private to `userId` (e.g. upload it into the user's DM with the bot).
 */
export interface LogsUpload {
  filename: string;
  content: string;
  title: string;
  initialComment: string;
  channelId: string;
  userId: string;
  share: boolean;
}

export interface LogsDeps {
  config: LogsConfig;
  /** Defaults to createLogSource(config). */
  source?: LogSource;
  respond: (message: LogsResponse) => Promise<unknown>;
  uploadFile?: (file: LogsUpload) => Promise<unknown>;
  now?: () => Date;
  /** Lines shown in the message before the full result goes to a file (default 30). */
  maxLines?: number;
  logger?: { warn: (obj: object, msg?: string) => void };
  /** Where `--share` is allowed (QRV_ALERTS_CHANNEL and QRV_LOGS_SHARE_CHANNELS: IDs or #names). */
  shareChannels?: string[];
}

/** CloudWatch when configured (`source`, region or endpoint), else local files. */
export function createLogSource(config: LogsConfig): LogSource {
  const mode = config.source ?? (config.region || config.endpoint ? 'cloudwatch' : 'local');
  if (mode === 'cloudwatch') {
    return createCloudWatchSource({
      groups: config.groups,
      region: config.region,
      endpoint: config.endpoint,
      timeoutMs: config.timeoutMs,
      pollIntervalMs: config.pollIntervalMs,
    });
  }
  return createLocalSource({ dir: config.localDir, ownLogFile: config.ownLogFile, groups: [...config.groups, OWN_LOG_GROUP] });
}

function reply(message: LogsMessage, share: boolean, replace: boolean): LogsResponse {
  return { response_type: share ? 'in_channel' : 'ephemeral', replace_original: replace, ...message };
}

async function safeRespond(deps: LogsDeps, message: LogsResponse): Promise<void> {
  try {
    await deps.respond(message);
  } catch (err) {
    deps.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'logs: respond failed');
  }
}

const fileStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

async function search(
  command: Exclude<LogsCommand, { kind: 'help' }>,
  ctx: { userId: string; channelId: string; canReplace: boolean },
  deps: LogsDeps,
  source: LogSource,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const query: LogQuery = buildLogQuery(command, now);
  const tz = deps.config.timeZone;
  // Shared answers always mask personal data; a private answer to an operator shows it.
  const showPii = !command.share;
  await safeRespond(deps, reply(logsSearchingMessage(query, source.name), false, false));
  let result;
  try {
    result = await source.search(query);
  } catch (err) {
    const error = isLogsError(err) ? err : unexpected(err);
    deps.logger?.warn({ code: error.code, err: String(error.details.cause ?? '') }, 'logs: search failed');
    return safeRespond(deps, reply(logsErrorMessage(error), false, ctx.canReplace));
  }
  const consoleUrl = source.consoleUrl?.(query);
  const { shown } = layoutRecordLines(result.records, tz, deps.maxLines, undefined, showPii);
  let file: { status: 'attached' | 'failed'; filename: string } | undefined;
  if (shown < result.records.length) {
    const filename = `qrv-logs-${query.reservationId ?? query.preset}-${fileStamp(now)}.txt`;
    file = { status: 'failed', filename };
    if (deps.uploadFile) {
      try {
        await deps.uploadFile({
          filename,
          content: recordsToText(result.records, tz, query.title, showPii),
          title: query.title,
          initialComment: `${query.title}: 全 ${result.records.length} 件${consoleUrl ? `\n<${consoleUrl}|CloudWatch コンソールで同じ検索を開く>` : ''}`,
          channelId: ctx.channelId,
          userId: ctx.userId,
          share: command.share,
        });
        file.status = 'attached';
      } catch (err) {
        deps.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'logs: file upload failed');
      }
    }
  }
  const message = logsResultMessage({ query, result, timeZone: tz, sourceName: source.name, maxLines: deps.maxLines, file, consoleUrl, showPii });
  await safeRespond(deps, reply(message, command.share, ctx.canReplace && !command.share));
}

/** The `/qrv logs` handler body (call after ack). `text` is what follows `logs`. */
export async function runLogsCommand(args: { text: string; userId: string; channelId: string; channelName?: string } & LogsDeps): Promise<void> {
  try {
    const source = args.source ?? createLogSource(args.config);
    const groups = await source.listGroups();
    const parsed = parseLogsCommand(args.text, { now: args.now?.() ?? new Date(), timeZone: args.config.timeZone, groups });
    if (!parsed.ok) return await safeRespond(args, reply(logsErrorMessage(parsed.error), false, false));
    const command = parsed.command;
    if (command.kind !== 'help' && command.share && !shareAllowed(args)) {
      return await safeRespond(args, reply(logsErrorMessage(shareRefused(args.shareChannels ?? [])), false, false));
    }
    if (command.kind === 'help') {
      return await safeRespond(args, reply(logsHelpMessage({ groups, timeZone: args.config.timeZone, sourceName: source.name }), false, false));
    }
    await search(command, { ...args, canReplace: true }, args, source);
  } catch (err) {
    const error = err instanceof LogsError ? err : unexpected(err);
    args.logger?.warn({ code: error.code, err: err instanceof Error ? err.message : String(err) }, 'logs: command failed');
    await safeRespond(args, reply(logsErrorMessage(error), false, false));
  }
}

function shareAllowed(args: { channelId: string; channelName?: string; shareChannels?: string[] }): boolean {
  const allowed = args.shareChannels ?? [];
  return allowed.includes(args.channelId) || (args.channelName !== undefined && allowed.includes(`#${args.channelName}`));
}

function shareRefused(allowed: string[]): LogsError {
  const where = allowed.map((c) => (c.startsWith('#') ? c : `<#${c}>`)).join('、') || '（未設定）';
  return new LogsError('LOGS_SHARE_NOT_ALLOWED', `\`--share\` はアラートチャンネル（QRV_ALERTS_CHANNEL）と QRV_LOGS_SHARE_CHANNELS のチャンネルでのみ使えます: ${where}。ここでは \`--share\` なしで実行してください（結果は自分だけに表示されます）。`);
}

/** The alert's 「ログを見る」 button: the reservation search for one reservation. */
export async function runReservationLogSearch(
  args: { reservationId: string; userId: string; channelId: string; share?: boolean } & LogsDeps,
): Promise<void> {
  try {
    if (!RESERVATION_ID_RE.test(args.reservationId)) throw badInput('予約IDの形式が正しくありません。', '`QRV-A1B2C3`');
    const source = args.source ?? createLogSource(args.config);
    const groups = await source.listGroups();
    const command = { kind: 'reservation' as const, reservationId: args.reservationId, groups, share: args.share ?? false };
    await search(command, { ...args, canReplace: false }, args, source);
  } catch (err) {
    const error = err instanceof LogsError ? err : unexpected(err);
    await safeRespond(args, reply(logsErrorMessage(error), false, false));
  }
}

/** An incident's ログ確認 button: the errors preset over its window (its start to now); never replaces the incident message. */
export async function runIncidentErrorSearch(args: { since: Date; userId: string; channelId: string } & LogsDeps): Promise<void> {
  try {
    const source = args.source ?? createLogSource(args.config);
    const groups = await source.listGroups();
    const minutes = Math.max(1, Math.ceil(((args.now?.() ?? new Date()).getTime() - args.since.getTime()) / 60_000));
    const command = { kind: 'errors' as const, sinceMs: minutes * 60_000, sinceLabel: `${minutes}分`, groups, share: false };
    await search(command, { ...args, canReplace: false }, args, source);
  } catch (err) {
    const error = err instanceof LogsError ? err : unexpected(err);
    await safeRespond(args, reply(logsErrorMessage(error), false, false));
  }
}
