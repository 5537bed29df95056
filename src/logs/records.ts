/**
 * Turning raw log lines (pino JSON, the core's JSON, or plain text) into LogRecords, and
 * LogRecords into text for people (JST times, cut messages) and for the attached file.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { redact } from './redact.js';
import type { LogRecord } from './source.js';

const PINO_LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function levelName(level: unknown): string | undefined {
  if (typeof level === 'number') return PINO_LEVELS[level] ?? String(level);
  if (typeof level === 'string' && level.trim()) {
    const up = level.trim().toUpperCase();
    return up === 'WARNING' ? 'WARN' : up;
  }
  return undefined;
}

export interface InterpretedLine {
  level?: string;
  message: string;
  reservationId?: string;
  time?: Date;
  json?: Record<string, unknown>;
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e12 ? value * 1000 : value);
  }
  if (typeof value === 'string' && value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** Reads one log line: JSON objects give their level / message / reservation ID / time. */
export function interpretLine(raw: string): InterpretedLine {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as unknown;
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        const o = json as Record<string, unknown>;
        const msg = o.msg ?? o.message;
        const rid = o.reservationId ?? o.reservation_id;
        return {
          level: levelName(o.level ?? o.levelname ?? o.severity),
          message: typeof msg === 'string' ? msg : trimmed,
          reservationId: typeof rid === 'string' ? rid : undefined,
          time: parseTime(o.time ?? o.timestamp ?? o['@timestamp'] ?? o.asctime),
          json: o,
        };
      }
    } catch {
      // not JSON: plain text below
    }
  }
  const level = /\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL)\b/.exec(trimmed)?.[1];
  const rid = /\bQRV-[A-Z0-9]{6}\b/.exec(trimmed)?.[0];
  return { level: levelName(level), message: trimmed, reservationId: rid };
}

/** 01/29 14:03:12 in the display time zone. */
export function formatShortTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'MM/dd HH:mm:ss');
}

/** 2025-01-29 14:03:12.345 in the display time zone. */
function formatFullTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd HH:mm:ss.SSS');
}

/** Cuts to `max` characters (not splitting surrogate pairs), with an ellipsis. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function shortGroup(group: string): string {
  return group.replace(/^\/qrv\//, '');
}

/** One line per record, tab-separated, full raw message (tokens redacted; personal data masked unless showPii): the attached file. */
export function recordsToText(records: LogRecord[], timeZone: string, heading: string, showPii = false): string {
  const zone = timeZone === 'Asia/Tokyo' ? 'JST' : timeZone;
  const lines = [`# ${heading}`, `# time (${zone})\tgroup\tlevel\tmessage`];
  for (const r of records) {
    const raw = redact(r.raw, { pii: !showPii }).replace(/\r?\n/g, '\\n');
    lines.push(`${formatFullTime(r.timestamp, timeZone)}\t${r.group}\t${r.level ?? '-'}\t${raw}`);
  }
  return `${lines.join('\n')}\n`;
}
