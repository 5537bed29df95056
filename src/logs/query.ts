/**
 * Pure builders of Logs Insights queries for the presets of manual §6.2, with the time window
 * sent as StartQuery's startTime/endTime (epoch seconds). Values are always quoted string
 * literals, so no text can add a `|` stage or change a filter.
 */
import type { LogsCommand } from './parse.js';
import { RESERVATION_ID_RE } from './parse.js';
import type { LogQuery } from './source.js';

/** How far back a reservation search looks (a reservation's life is days, rarely weeks). */
export const RESERVATION_WINDOW_DAYS = 30;
export const LIMITS = { reservation: 100, errors: 50, range: 1000 } as const;

const FIELDS = 'fields @timestamp, @message, @log';

/** A Logs Insights double-quoted string literal; control characters are escaped or dropped. */
export function quoteInsightsString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(ch)) continue;
    else out += ch;
  }
  return `${out}"`;
}

export interface InsightsQuerySpec {
  /** `like`: substring of the field; `=`: equality. The value is quoted. */
  filter?: { field: '@message' | 'level'; op: 'like' | '='; value: string };
  limit: number;
}

/** fields … [| filter …] | sort @timestamp desc | limit N */
export function buildInsightsQuery(spec: InsightsQuerySpec): string {
  if (!Number.isInteger(spec.limit) || spec.limit < 1 || spec.limit > 10_000) {
    throw new RangeError('limit must be an integer 1..10000');
  }
  const stages = [FIELDS];
  if (spec.filter) stages.push(`filter ${spec.filter.field} ${spec.filter.op} ${quoteInsightsString(spec.filter.value)}`);
  stages.push('sort @timestamp desc', `limit ${spec.limit}`);
  return stages.join('\n| ');
}

/** Manual §6.2 「予約IDで検索」: every line mentioning the reservation, newest first, 100 at most. */
export function reservationQuery(reservationId: string): string {
  if (!RESERVATION_ID_RE.test(reservationId)) throw new RangeError('invalid reservation id');
  return buildInsightsQuery({ filter: { field: '@message', op: 'like', value: reservationId }, limit: LIMITS.reservation });
}

/** Manual §6.2 「エラーログの検索」: level = "ERROR", newest first, 50 at most. */
export function errorsQuery(): string {
  return buildInsightsQuery({ filter: { field: 'level', op: '=', value: 'ERROR' }, limit: LIMITS.errors });
}

/** Manual §6.2 「特定時間帯のログ検索」: the range itself is StartQuery's startTime/endTime. */
export function rangeQuery(): string {
  return buildInsightsQuery({ limit: LIMITS.range });
}

/** Epoch seconds covering [start, end] (start floored, end rounded up). */
function timeWindow(start: Date, end: Date): { startTime: number; endTime: number } {
  return { startTime: Math.floor(start.getTime() / 1000), endTime: Math.ceil(end.getTime() / 1000) };
}

const shortGroups = (groups: string[]) => groups.map((g) => g.replace(/^\/qrv\//, '')).join(', ');

/** Builds the query for a parsed command (not `help`). */
export function buildLogQuery(command: Exclude<LogsCommand, { kind: 'help' }>, now: Date): LogQuery {
  const groups = [...command.groups];
  const scope = ` — 対象: ${shortGroups(groups)}`;
  switch (command.kind) {
    case 'reservation': {
      const start = new Date(now.getTime() - RESERVATION_WINDOW_DAYS * 86_400_000);
      return {
        preset: 'reservation',
        reservationId: command.reservationId,
        queryString: reservationQuery(command.reservationId),
        groups,
        ...timeWindow(start, now),
        limit: LIMITS.reservation,
        title: `予約 ${command.reservationId} のログ（過去${RESERVATION_WINDOW_DAYS}日・新しい順・最大${LIMITS.reservation}件）${scope}`,
      };
    }
    case 'errors':
      return {
        preset: 'errors',
        queryString: errorsQuery(),
        groups,
        ...timeWindow(new Date(now.getTime() - command.sinceMs), now),
        limit: LIMITS.errors,
        title: `エラーログ（過去${command.sinceLabel}・新しい順・最大${LIMITS.errors}件）${scope}`,
      };
    case 'range':
      return {
        preset: 'range',
        queryString: rangeQuery(),
        groups,
        ...timeWindow(command.start, command.end),
        limit: LIMITS.range,
        title: `${command.label} のログ（日本時間・新しい順・最大${LIMITS.range}件）${scope}`,
      };
  }
}
