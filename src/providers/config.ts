/**
 * Provider and delivery configuration from the environment, part of src/config.ts
 * (`Config.providers`, read once by loadConfig). Each provider
 * is enabled by its variables; a group set only in part is an error naming the missing variable,
 * so a forgotten token never silently turns real SMS into local recording.
 */
import { z } from 'zod';
import { ConfigError, type Env } from '../config-error.js';
import type { RetryPolicy } from './retry.js';

export interface ProviderConfig {
  twilio?: { accountSid: string; authToken: string; from: string; apiUrl?: string; retry: Pick<RetryPolicy, 'attempts' | 'baseDelayMs'> };
  stripe?: { secretKey: string; apiUrl?: string; successUrl: string; cancelUrl?: string };
  smtp?: { url: string; from: string };
  /** Durable delivery (pg-boss): tries per outbox row, and the delay before the first retry (doubled each time). */
  delivery: { maxTries: number; retryDelaySeconds: number };
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const httpUrl = (example: string) =>
  z.string().refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be an http(s) URL such as ${example}`);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const mailbox = z
  .string()
  .refine((v) => EMAIL.test(v) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/.test(v), 'must be an e-mail address, e.g. noreply@example.jp or "Qualfia予約代行 <noreply@example.jp>"');

const schema = z.object({
  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must start with AC followed by 32 hexadecimal characters (Twilio console → Account SID)')),
  TWILIO_AUTH_TOKEN: optional(z.string().min(8, 'is too short to be a Twilio auth token')),
  TWILIO_FROM: optional(
    z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number such as +815012345678 or a Messaging Service SID (MG…)'),
  ),
  TWILIO_API_URL: optional(httpUrl('http://127.0.0.1:4010')),
  QRV_SMS_RETRY_ATTEMPTS: optional(z.coerce.number().int().min(1, 'must be at least 1').max(10, 'must be at most 10')),
  QRV_SMS_RETRY_BASE_MS: optional(z.coerce.number().int().min(0, 'must not be negative').max(600_000, 'must be at most 600000')),
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a secret key sk_… or restricted key rk_…')),
  STRIPE_API_URL: optional(httpUrl('http://127.0.0.1:12111')),
  QRV_PAYMENT_SUCCESS_URL: optional(httpUrl('https://example.jp/paid')),
  QRV_PAYMENT_CANCEL_URL: optional(httpUrl('https://example.jp/cancelled')),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/[^/?#]+/, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@smtp.example.jp:587')),
  MAIL_FROM: optional(mailbox),
  QRV_DELIVERY_MAX_TRIES: optional(z.coerce.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20')),
  QRV_DELIVERY_RETRY_DELAY_S: optional(z.coerce.number().int().min(1, 'must be at least 1').max(3600, 'must be at most 3600')),
});

function requireAll(e: Record<string, unknown>, names: string[], because: string): void {
  const set = names.filter((n) => e[n] !== undefined);
  if (set.length === 0 || set.length === names.length) return;
  const missing = names.find((n) => e[n] === undefined)!;
  throw new ConfigError(missing, `is required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (${because})`);
}

/** Reads and validates the provider variables; throws ConfigError naming the first bad or missing one. */
export function loadProviderConfig(env: Env = process.env): ProviderConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  requireAll(e, ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'], 'SMS through Twilio');
  requireAll(e, ['SMTP_URL', 'MAIL_FROM'], 'e-mail through SMTP');
  if (e.STRIPE_SECRET_KEY && !e.QRV_PAYMENT_SUCCESS_URL) {
    throw new ConfigError('QRV_PAYMENT_SUCCESS_URL', 'is required when STRIPE_SECRET_KEY is set (the page Stripe shows the client after paying)');
  }
  const config: ProviderConfig = { delivery: { maxTries: e.QRV_DELIVERY_MAX_TRIES ?? 3, retryDelaySeconds: e.QRV_DELIVERY_RETRY_DELAY_S ?? 30 } };
  if (e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM) {
    config.twilio = {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      apiUrl: e.TWILIO_API_URL,
      retry: { attempts: e.QRV_SMS_RETRY_ATTEMPTS ?? 3, baseDelayMs: e.QRV_SMS_RETRY_BASE_MS ?? 2000 },
    };
  }
  if (e.STRIPE_SECRET_KEY && e.QRV_PAYMENT_SUCCESS_URL) {
    config.stripe = { secretKey: e.STRIPE_SECRET_KEY, apiUrl: e.STRIPE_API_URL, successUrl: e.QRV_PAYMENT_SUCCESS_URL, cancelUrl: e.QRV_PAYMENT_CANCEL_URL };
  }
  if (e.SMTP_URL && e.MAIL_FROM) config.smtp = { url: e.SMTP_URL, from: e.MAIL_FROM };
  refuseLocalInProduction(env, config);
  return config;
}

/** The variables that turn each local stand-in into the real provider. */
const PROVIDER_VARIABLES = {
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  stripe: ['STRIPE_SECRET_KEY', 'QRV_PAYMENT_SUCCESS_URL'],
  smtp: ['SMTP_URL', 'MAIL_FROM'],
} as const;

/**
 * With NODE_ENV=production or QRV_ENV=production, a local stand-in (which only records, so
 * nothing reaches a client and nothing is refunded) stops start-up naming the missing variables,
 * unless QRV_ALLOW_LOCAL_PROVIDERS=1 says it is meant.
 */
function refuseLocalInProduction(env: Env, config: ProviderConfig): void {
  const production = env.NODE_ENV?.trim() === 'production' || env.QRV_ENV?.trim() === 'production';
  if (!production || env.QRV_ALLOW_LOCAL_PROVIDERS?.trim() === '1') return;
  const missing = (Object.keys(PROVIDER_VARIABLES) as Array<keyof typeof PROVIDER_VARIABLES>).filter((p) => !config[p]).flatMap((p) => [...PROVIDER_VARIABLES[p]]);
  if (missing.length === 0) return;
  throw new ConfigError(
    missing[0]!,
    `production (NODE_ENV/QRV_ENV=production) refuses local providers that only record: set ${missing.join(', ')} (or QRV_ALLOW_LOCAL_PROVIDERS=1 to run with local stand-ins on purpose)`,
  );
}
