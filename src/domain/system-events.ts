/**
 * System events received from outside the QRV core (issue 14, manual §7): Pingdom webhooks,
 * CloudWatch alarms through SNS, and a generic JSON intake. Each parser turns a request body into
 * one SystemEvent (a problem that becomes a `system` alert, or the recovery of a check), or
 * says in one line why it cannot. Pure: no I/O, no Slack, no database.
 */
import { createHash } from 'node:crypto';
import { parseSeverity, type Priority } from './alert-kinds.js';

/** Where a problem state maps to: a priority, or `ignore` (answered 200, nothing posted). */
export type IngestSeverity = Priority | 'ignore';

/**
 * Severity per `source:STATE` (QRV_INGEST_SEVERITY overrides any of them). DOWN and ALARM are
 * 緊急 by default; CloudWatch's INSUFFICIENT_DATA is ignored unless configured.
 */
export const DEFAULT_INGEST_SEVERITY: Record<string, IngestSeverity> = {
  'pingdom:DOWN': 'critical',
  'cloudwatch:ALARM': 'critical',
  'cloudwatch:INSUFFICIENT_DATA': 'ignore',
};

export interface SystemProblem {
  state: 'problem';
  /** The event's identity: the same event twice is one alert. */
  key: string;
  /** The monitored check or alarm; null when the source names none (nothing can resolve it). */
  check: string | null;
  severity: Priority;
  /** The alert's details (title, severity, body lines, source), as the alert message reads them. */
  details: { severity: Priority; title: string; body: string[]; source: string };
}

export interface SystemRecovery {
  state: 'recovered';
  key: string;
  check: string;
  source: string;
  /** What the source said, for the thread note: `Pingdom: UP`. */
  said: string;
  at: Date | null;
}

export type SystemEvent = SystemProblem | SystemRecovery | { state: 'ignored'; reason: string };

/** A request the intake refuses: answered 4xx with this one-line reason. */
export class IntakeRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'IntakeRefusal';
  }
}

const refuse = (message: string) => new IntakeRefusal(422, message);

function text(value: unknown, max = 500): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t ? t.slice(0, max) : undefined;
}

function severityOf(map: Record<string, IngestSeverity>, source: string, state: string): IngestSeverity {
  return map[`${source}:${state}`] ?? DEFAULT_INGEST_SEVERITY[`${source}:${state}`] ?? 'critical';
}

function epochDate(value: unknown): Date | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(n)) return new Date(n * 1000);
  if (typeof value === 'string') {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return null;
}

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new IntakeRefusal(400, `${what} must be a JSON object`);
  return body as Record<string, unknown>;
}

/**
 * A Pingdom webhook (check_id, check_name, current_state DOWN/UP, description …). The event key
 * is the check, the state and the time of the change: Pingdom's retries are one alert.
 */
export function parsePingdom(body: unknown, severities: Record<string, IngestSeverity> = {}): SystemEvent {
  const b = asObject(body, 'Pingdom webhook');
  const checkId = text(b.check_id, 100);
  if (!checkId) throw refuse('Pingdom webhook without check_id');
  const state = text(b.current_state, 20)?.toUpperCase();
  if (state !== 'DOWN' && state !== 'UP') throw refuse(`Pingdom webhook with unknown current_state ${JSON.stringify(b.current_state ?? null).slice(0, 40)}`);
  const name = text(b.check_name, 200) ?? `check ${checkId}`;
  const changed = text(b.state_changed_timestamp, 40) ?? text(b.state_changed_utc_time, 40) ?? 'unknown';
  const key = `pingdom:${checkId}:${state}:${changed}`;
  const check = `pingdom:${checkId}`;
  if (state === 'UP') return { state: 'recovered', key, check, source: 'Pingdom', said: `Pingdom: ${name} UP`, at: epochDate(b.state_changed_timestamp) };
  const severity = severityOf(severities, 'pingdom', state);
  if (severity === 'ignore') return { state: 'ignored', reason: `pingdom:${state} is configured to be ignored` };
  const lines = [`監視: Pingdom「${name}」${text(b.check_type, 40) ? `（${text(b.check_type, 40)}）` : ''}`];
  lines.push(`状態: ${text(b.previous_state, 20) ?? '?'} → DOWN`);
  const description = text(b.description) ?? text(b.long_description);
  if (description) lines.push(`内容: ${description}`);
  const hostname = text((b.check_params as Record<string, unknown> | undefined)?.hostname, 200);
  if (hostname) lines.push(`対象: ${hostname}`);
  return {
    state: 'problem',
    key,
    check,
    severity,
    details: { severity, title: `【システムアラート】Pingdom: ${name} DOWN`, body: lines, source: 'pingdom' },
  };
}

/** A CloudWatch alarm state change, the JSON inside an SNS Notification's Message. */
export function parseCloudWatchAlarm(message: string, messageId: string, severities: Record<string, IngestSeverity> = {}): SystemEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw new IntakeRefusal(400, 'SNS Message is not a CloudWatch alarm (not JSON)');
  }
  const m = asObject(parsed, 'CloudWatch alarm');
  const name = text(m.AlarmName, 255);
  const state = text(m.NewStateValue, 40)?.toUpperCase();
  if (!name || !state) throw refuse('SNS Message is not a CloudWatch alarm (no AlarmName / NewStateValue)');
  const check = `cloudwatch:${text(m.AlarmArn, 500) ?? name}`;
  const key = `sns:${messageId}`;
  if (state === 'OK') return { state: 'recovered', key, check, source: 'CloudWatch', said: `CloudWatch: ${name} OK`, at: epochDate(m.StateChangeTime) };
  if (state !== 'ALARM' && state !== 'INSUFFICIENT_DATA') throw refuse(`CloudWatch alarm with unknown NewStateValue ${state.slice(0, 40)}`);
  const severity = severityOf(severities, 'cloudwatch', state);
  if (severity === 'ignore') return { state: 'ignored', reason: `cloudwatch:${state} is configured to be ignored` };
  const lines = [`アラーム: CloudWatch「${name}」${text(m.Region, 60) ? `（${text(m.Region, 60)}）` : ''}`];
  lines.push(`状態: ${text(m.OldStateValue, 40) ?? '?'} → ${state}`);
  const reason = text(m.NewStateReason, 1000);
  if (reason) lines.push(`理由: ${reason}`);
  const description = text(m.AlarmDescription, 1000);
  if (description) lines.push(`説明: ${description}`);
  return {
    state: 'problem',
    key,
    check,
    severity,
    details: { severity, title: `【システムアラート】CloudWatch: ${name} ${state}`, body: lines, source: 'cloudwatch' },
  };
}

const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * POST /hooks/alerts: `{ severity, title, body, source }`, optionally `id` (the event's identity;
 * without it, the exact body is), `check` and `status: "resolved"` (resolves the open alert of
 * that check).
 */
export function parseGenericAlert(body: unknown, raw: string): SystemEvent {
  const b = asObject(body, 'alert');
  const source = text(b.source, 64);
  if (!source || !SOURCE.test(source)) throw refuse('source is required: letters, digits, . _ - (up to 64)');
  const id = text(b.id, 200);
  const key = `alerts:${source}:${id ?? createHash('sha256').update(raw).digest('hex')}`;
  const checkName = text(b.check, 200);
  const check = checkName ? `${source}:${checkName}` : null;
  const status = text(b.status, 20)?.toLowerCase() ?? 'firing';
  if (status !== 'firing' && status !== 'resolved') throw refuse('status must be firing or resolved');
  if (status === 'resolved') {
    if (!check) throw refuse('a resolved status needs the check it resolves');
    return { state: 'recovered', key, check, source, said: `${source}: ${checkName} resolved`, at: null };
  }
  const title = text(b.title, 150);
  if (!title) throw refuse('title is required');
  if (b.severity !== undefined && typeof b.severity !== 'string') throw refuse('severity must be critical, high, medium or low');
  const severity = parseSeverity(b.severity);
  const rawBody = b.body;
  const lines = Array.isArray(rawBody) ? rawBody.map((l) => String(l).slice(0, 1000)).slice(0, 40) : text(rawBody, 3000) ? [text(rawBody, 3000)!] : [];
  return {
    state: 'problem',
    key,
    check,
    severity,
    details: { severity, title: `【システムアラート】${title}`, body: [`送信元: ${source}`, ...lines], source },
  };
}
