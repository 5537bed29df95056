/**
 * Pure parser of `/qrv logs …` text. No user text reaches a query except a reservation ID
 * that matched `^QRV-[A-Z0-9]{6}$` and a group name chosen from the known list.
 */
import { TZDate } from '@date-fns/tz';
import { badInput, echo, LogsError, unknownGroup } from './errors.js';

export const RESERVATION_ID_RE = /^QRV-[A-Z0-9]{6}$/;

interface Common {
  /** Log groups to search: every known group unless `--group` narrowed it. */
  groups: string[];
  /** `--share`: answer in the channel instead of only to the caller. */
  share: boolean;
}

export type LogsCommand =
  | ({ kind: 'help' } & Common)
  | ({ kind: 'reservation'; reservationId: string } & Common)
  | ({ kind: 'errors'; sinceMs: number; sinceLabel: string } & Common)
  | ({ kind: 'range'; start: Date; end: Date; label: string } & Common);

export type ParseResult = { ok: true; command: LogsCommand } | { ok: false; error: LogsError };

export interface ParseOptions {
  now: Date;
  timeZone: string;
  /** Known groups (the default search set, and what `--group` may name). */
  groups: string[];
}

const MAX_TEXT = 500;
const MAX_SINCE_MS = 30 * 24 * 3600_000;
const UNITS: Record<string, number> = { m: 60_000, min: 60_000, 分: 60_000, h: 3600_000, 時間: 3600_000, d: 86_400_000, 日: 86_400_000 };
const UNIT_LABEL: Record<number, string> = { 60_000: '分', 3600_000: '時間', 86_400_000: '日' };

export function parseLogsCommand(text: string, options: ParseOptions): ParseResult {
  try {
    return { ok: true, command: parse(text, options) };
  } catch (err) {
    if (err instanceof LogsError) return { ok: false, error: err };
    throw err;
  }
}

function normalise(text: string): string {
  // Full-width digits, colons and tildes → ASCII; wave dash and other dashes → "-".
  return text.normalize('NFKC').replace(/[\u301c\u2010-\u2015\u2212~]/g, '-');
}

function parse(rawText: string, { now, timeZone, groups }: ParseOptions): LogsCommand {
  if (rawText.length > MAX_TEXT) throw badInput(`入力が長すぎます（${MAX_TEXT}文字まで）。`);
  const tokens = normalise(rawText).split(/\s+/).filter(Boolean);
  if (tokens[0]?.toLowerCase() === 'logs') tokens.shift();

  let share = false;
  const chosen: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const lower = t.toLowerCase();
    if (lower === '--share') share = true;
    else if (lower === '--group' || lower.startsWith('--group=')) {
      const value = lower === '--group' ? tokens[++i] : t.slice('--group='.length);
      if (!value) throw badInput('`--group` の後にロググループ名を指定してください。', '`/qrv logs errors 1h --group api-server`');
      for (const v of value.split(',').filter(Boolean)) chosen.push(resolveGroup(v, groups));
    } else if (t.startsWith('--')) {
      throw badInput(`不明なオプション \`${echo(t)}\` です（使えるのは \`--group\` と \`--share\`）。`);
    } else words.push(t);
  }
  const common: Common = { groups: chosen.length > 0 ? [...new Set(chosen)] : [...groups], share };
  if (common.groups.length === 0) throw badInput('検索できるロググループが設定されていません（QRV_LOG_GROUPS）。');

  const first = words[0];
  if (first === undefined || ['help', 'ヘルプ', '-h', '?'].includes(first.toLowerCase())) {
    return { kind: 'help', ...common };
  }
  if (/^qrv-/i.test(first)) {
    if (words.length > 1) throw badInput('予約IDの後に余分な語があります。', '`/qrv logs QRV-A1B2C3`');
    const id = first.toUpperCase();
    if (!RESERVATION_ID_RE.test(id)) {
      throw badInput(`予約ID \`${echo(first)}\` の形式が正しくありません（QRV- に英大文字・数字6桁）。`, '`/qrv logs QRV-A1B2C3`');
    }
    return { kind: 'reservation', reservationId: id, ...common };
  }
  if (['errors', 'error', 'エラー'].includes(first.toLowerCase())) {
    if (words.length > 2) throw badInput('期間は1つだけ指定してください。', '`/qrv logs errors 24h`');
    const since = parseSince(words[1] ?? '1h');
    return { kind: 'errors', ...since, ...common };
  }
  if (/^\d{4}[-/]/.test(first) || /^\d{1,2}:/.test(first)) {
    return { kind: 'range', ...parseRange(words, now, timeZone), ...common };
  }
  throw badInput(`\`${echo(first)}\` は分かりませんでした。`);
}

function resolveGroup(given: string, groups: string[]): string {
  const g = given.toLowerCase();
  const found =
    groups.find((x) => x.toLowerCase() === g) ??
    groups.find((x) => x.toLowerCase() === `/qrv/${g}`) ??
    groups.find((x) => x.toLowerCase().split('/').pop() === g);
  if (!found) throw unknownGroup(given, groups);
  return found;
}

function parseSince(raw: string): { sinceMs: number; sinceLabel: string } {
  const m = /^(\d{1,4})(m|min|h|d|分|時間|日)$/i.exec(raw);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const n = m ? Number(m[1]) : 0;
  if (!m || !unit || n < 1 || n * unit > MAX_SINCE_MS) {
    throw badInput(`期間 \`${echo(raw)}\` が分かりません（30m / 1h / 24h / 7d のように、最大30日）。`, '`/qrv logs errors 24h`');
  }
  return { sinceMs: n * unit, sinceLabel: `${n}${UNIT_LABEL[unit]}` };
}

const RANGE_EXAMPLE = '`/qrv logs 2025-01-29 14:00-15:00` または `/qrv logs 14:00-15:00`（今日）';

function parseRange(words: string[], now: Date, timeZone: string): { start: Date; end: Date; label: string } {
  let rest = words;
  let ymd: [number, number, number];
  const d = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(rest[0]!);
  if (d) {
    ymd = [Number(d[1]), Number(d[2]), Number(d[3])];
    rest = rest.slice(1);
  } else if (/^\d{4}[-/]/.test(rest[0]!)) {
    throw badInput(`日付 \`${echo(rest[0]!)}\` が分かりません（YYYY-MM-DD）。`, RANGE_EXAMPLE);
  } else {
    const today = new TZDate(now.getTime(), timeZone);
    ymd = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  }
  const r = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(rest.join(''));
  if (!r) throw badInput('時間帯は `HH:MM-HH:MM`（日本時間）で指定してください。', RANGE_EXAMPLE);
  const [h1, m1, h2, m2] = [r[1], r[2], r[3], r[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 !== 0)) {
    throw badInput('時刻が正しくありません（00:00〜24:00）。', RANGE_EXAMPLE);
  }
  const [y, mo, day] = ymd;
  const start = new TZDate(y, mo - 1, day, h1, m1, 0, timeZone);
  if (start.getFullYear() !== y || start.getMonth() !== mo - 1 || start.getDate() !== day) {
    throw badInput(`日付 \`${y}-${mo}-${day}\` は存在しません。`, RANGE_EXAMPLE);
  }
  // An end not after the start means the range crosses midnight (23:00-01:00).
  const endDay = h2 * 60 + m2 <= h1 * 60 + m1 ? day + 1 : day;
  const end = new TZDate(y, mo - 1, endDay, h2, m2, 0, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const label = `${y}-${pad(mo)}-${pad(day)} ${pad(h1)}:${pad(m1)}-${pad(h2)}:${pad(m2)}${endDay !== day ? '（翌日）' : ''}`;
  return { start: new Date(start.getTime()), end: new Date(end.getTime()), label };
}
