/**
 * Redaction of secrets and phone numbers in log text. Pure; safe to run on every log line.
 *
 * For pino: `formatters: { log: (o) => redactDeep(o) }` and a `hooks.logMethod` that runs
 * `redact` on string arguments (the message).
 */

export interface RedactOptions {
  /** Also mask phone numbers (default true). Operators' views of logs keep them (false). */
  phones?: boolean;
}

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // Slack: bot/user/app/refresh tokens, rotating tokens (xoxe.xoxp-…), app-level tokens, webhooks.
  [/\bxox(?:e\.xox)?[a-z]-[A-Za-z0-9-]{6,}/g, '[REDACTED_SLACK_TOKEN]'],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, '[REDACTED_SLACK_TOKEN]'],
  [/https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g, '[REDACTED_SLACK_WEBHOOK]'],
  // Stripe secret / restricted / publishable keys and webhook secrets.
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{6,}/g, '[REDACTED_STRIPE_KEY]'],
  [/\bwhsec_[A-Za-z0-9+/=]{6,}/g, '[REDACTED_STRIPE_KEY]'],
  // Twilio API key SIDs (the auth token itself is caught by the key=value rule below).
  [/\bSK[0-9a-fA-F]{32}\b/g, '[REDACTED_TWILIO_KEY]'],
  // AWS access key IDs.
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '[REDACTED_AWS_KEY]'],
  // Authorization headers and passwords in URLs (postgres://u:pw@host, smtp://u:pw@host).
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*/g, '$1 [REDACTED]'],
  [/(\/\/[^\s:/@]+:)[^\s@/]+@/g, '$1[REDACTED]@'],
  // key=value / "key": "value" for secret-looking keys.
  [
    /((?:auth[_-]?token|access[_-]?token|refresh[_-]?token|client[_-]?secret|api[_-]?key|secret|password|passwd)["']?\s*[:=]\s*["']?)([^\s"',;}&]{4,})/gi,
    '$1[REDACTED]',
  ],
];

/** E.164 (+81 90-1234-5678, +819012345678) and Japanese domestic (090-1234-5678, 0312345678). */
const PHONE_PATTERN =
  /(?<![\w+.\-/:])(?:\+\d{1,3}[ -]?(?:\(0\)[ -]?)?\d{1,4}(?:[ -]?\d{1,4}){1,2}|0\d{1,4}[ -]?\(?\d{1,4}\)?[ -]?\d{3,4})(?![\w-])/g;

function maskPhone(match: string): string {
  const digits = match.replace(/\D/g, '');
  const e164 = match.startsWith('+');
  const ok = e164 ? digits.length >= 8 && digits.length <= 15 : digits.length === 10 || digits.length === 11;
  return ok ? `[phone:***${digits.slice(-4)}]` : match;
}

export function redact(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const [re, replacement] of SECRET_PATTERNS) out = out.replace(re, replacement);
  if (options.phones !== false) out = out.replace(PHONE_PATTERN, maskPhone);
  return out;
}

const SECRET_KEY = /^(?:token|.*_token|.*Token|authorization|cookie|password|passwd|secret|.*_secret|.*Secret|api_?key|apiKey)$/i;

/** Redacts every string in a JSON-like value; values under secret-looking keys become [REDACTED]. */
export function redactDeep<T>(value: T, options: RedactOptions = {}): T {
  return walk(value, options, new WeakSet()) as T;
}

function walk(value: unknown, options: RedactOptions, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value, options);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, options, seen));
  if (value instanceof Error) {
    return { type: value.name, message: redact(value.message, options), stack: value.stack && redact(value.stack, options) };
  }
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && typeof v === 'string' && v ? '[REDACTED]' : walk(v, options, seen);
  }
  return out;
}
