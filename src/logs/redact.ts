/**
 * Redaction of secrets and phone numbers in log text. Pure; safe to run on every log line.
 *
 * For pino: `formatters: { log: (o) => redactDeep(o) }` and a `hooks.logMethod` that runs
 * `redact` on string arguments (the message).
 */

export interface RedactOptions {
  /**
   * Also mask personal data: phone numbers (every common Japanese form), e-mail addresses and
   * street addresses (default true). Only an operator viewing logs privately gets false.
   */
  pii?: boolean;
}

/** Work is bounded: longer text is cut before any pattern runs (a log line is never this long). */
const REDACT_MAX_CHARS = 200_000;

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

/**
 * Phones: E.164 (+81 90-1234-5678, +81 (0)90…) and domestic (090-1234-5678, 09012345678,
 * (080)1234-5678, 03 1234 5678, 090.1234.5678), matched on a copy where full-width digits and
 * dashes, `tel:` and escaped `\n` are normalised in place (same length). Bounded quantifiers only.
 */
const PHONE_PATTERN =
  /(?<![\w+.\-/])(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d{1,4}(?:[ .-]?\d{1,4}){1,3}|\(?0\d{1,4}\)?[ .-]?\(?\d{1,4}\)?[ .-]?\d{3,4})(?![\w-])/g;

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}/g;

/** A Japanese street address: prefecture or city/ward, then up to 30 characters, then block numbers. */
const ADDRESS_PATTERN =
  /(?:東京都|北海道|(?:京都|大阪)府|[\u4E00-\u9FFF]{2,3}県|[\u4E00-\u9FFF]{1,5}[市区町村郡])[\u3040-\u30FF\u4E00-\u9FFFー々〇ヶ]{0,30}?\d{1,5}(?:(?:丁目|番地|番|号|-|の)\d{1,5}){0,4}(?:号|番地)?/g;

/** One-for-one replacements (same length) that let the patterns see through full-width and escapes. */
const FULL_WIDTH = /[０-９＋（）－‐‑–—―−ー　]/g;
const FULL_WIDTH_MAP: Record<string, string> = { '＋': '+', '（': '(', '）': ')', '　': ' ' };

function normalised(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => {
      if (c >= '０' && c <= '９') return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      return FULL_WIDTH_MAP[c] ?? '-';
    })
    .replace(/\\[nrt]/g, '  ')
    .replace(/\btel:/gi, '    ');
}

function maskPhone(match: string): string | null {
  const digits = match.replace(/\D/g, '');
  const e164 = match.startsWith('+');
  const ok = e164 ? digits.length >= 8 && digits.length <= 15 : digits.length === 10 || digits.length === 11;
  return ok ? `[phone:***${digits.slice(-4)}]` : null;
}

const maskEmail = (match: string) => `[email:***@${match.slice(match.indexOf('@') + 1)}]`;
const maskAddress = (match: string) => `[address:${(/^(?:東京都|北海道|京都府|大阪府|[^\d]{1,3}?県)/.exec(match)?.[0] ?? '')}***]`;

/** Replaces matches found in `view` (same length as `text`) with masks, copying the rest of `text`. */
function maskRanges(text: string, view: string, pattern: RegExp, mask: (m: string) => string | null): { text: string; view: string } {
  let out = '';
  let outView = '';
  let last = 0;
  for (const m of view.matchAll(pattern)) {
    const masked = mask(m[0]);
    if (masked === null) continue;
    out += text.slice(last, m.index) + masked;
    outView += view.slice(last, m.index) + masked;
    last = m.index + m[0].length;
  }
  return { text: out + text.slice(last), view: outView + view.slice(last) };
}

/** Masks personal data (phones, e-mails, street addresses) in free text. */
function maskPii(text: string): string {
  let state = { text, view: normalised(text) };
  state = maskRanges(state.text, state.view, EMAIL_PATTERN, maskEmail);
  state = maskRanges(state.text, state.view, PHONE_PATTERN, maskPhone);
  state = maskRanges(state.text, state.view, ADDRESS_PATTERN, maskAddress);
  return state.text;
}

export function redact(text: string, options: RedactOptions = {}): string {
  let out = text.length > REDACT_MAX_CHARS ? `${text.slice(0, REDACT_MAX_CHARS)}…[truncated]` : text;
  for (const [re, replacement] of SECRET_PATTERNS) out = out.replace(re, replacement);
  return options.pii === false ? out : maskPii(out);
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
