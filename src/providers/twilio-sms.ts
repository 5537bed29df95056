/**
 * SmsPort over the Twilio Messages API (twilio SDK, messages.create). Numbers are normalised to
 * E.164 and checked before any request; transient failures are retried with exponential backoff.
 * Twilio's SDK has no base-URL option: `apiUrl` is applied by an `httpClient` that rewrites
 * https://api.twilio.com (and its edge/region hosts) to the given URL.
 */
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient.js';
import type { Logger } from '../logger.js';
import type { SmsPort, SmsResend, SmsToSend } from '../ports/index.js';
import { isNetworkError, ProviderError, type ProviderErrorCode } from './errors.js';
import { toSmsRecipient } from '../domain/phone.js';
import { withRetry, type AttemptReport, type RetryPolicy } from './retry.js';

export interface SmsSendResult {
  providerId: string;
  status: string;
  /** Requests made (1 when the first one succeeded). */
  tries: number;
  /** The E.164 number actually sent to. */
  to: string;
  /** Not sent now: an earlier try's message was found at Twilio and is returned instead. */
  recovered?: boolean;
}

export interface SmsAttempt extends AttemptReport<{ sid: string; status: string }> {
  idempotencyKey: string;
  to: string;
}

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** Sender: an E.164 number, or a Messaging Service SID (MG…). */
  from: string;
  /** Another base URL for the REST API (TWILIO_API_URL), e.g. http://127.0.0.1:4010. */
  apiUrl?: string;
  retry?: RetryPolicy;
  logger: Logger;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Called after every try: the outbox stores tries, SID, status and the last error. */
  onAttempt?: (attempt: SmsAttempt) => void;
}

export interface TwilioSms extends SmsPort {
  send(msg: SmsToSend): Promise<SmsSendResult>;
}

/** Twilio's clock and ours may differ: messages sent this long before `since` are looked at too. */
const CLOCK_SKEW_MS = 60_000;

/** Sends every request of the SDK to `baseUrl` instead of https://*.twilio.com. */
export class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, options?: TwilioRequestClient.RequestClientOptions) {
    super(options);
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: this.rebase(opts.uri) });
  }

  rebase(uri: string): string {
    const target = new URL(uri);
    if (!/(^|\.)twilio\.com$/.test(target.hostname)) return uri;
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }
}

interface Rule {
  code: ProviderErrorCode;
  retryable: boolean;
  ja: string;
}

/** Twilio error codes we know how to explain. Anything else falls back on the HTTP status. */
const TWILIO_CODES: Record<number, Rule> = {
  21211: { code: 'SMS_INVALID_NUMBER', retryable: false, ja: '電話番号が無効です' },
  21614: { code: 'SMS_LANDLINE', retryable: false, ja: '携帯電話番号ではありません' },
  21610: { code: 'SMS_UNSUBSCRIBED', retryable: false, ja: '受信拒否（STOP）されています' },
  30003: { code: 'SMS_UNREACHABLE', retryable: true, ja: '端末に届きません（電源オフ・圏外の可能性）' },
  30005: { code: 'SMS_INVALID_NUMBER', retryable: false, ja: '存在しない電話番号です' },
  30006: { code: 'SMS_LANDLINE', retryable: false, ja: '固定電話または非対応の番号です' },
  20429: { code: 'SMS_RATE_LIMITED', retryable: true, ja: 'Twilioの送信上限に達しました' },
  20003: { code: 'PROVIDER_AUTH', retryable: false, ja: 'Twilioの認証に失敗しました。TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN を確認してください' },
};

/** Phone-number-looking runs in provider messages are masked before they reach logs or the outbox. */
const maskNumbers = (text: string) => text.replace(/\+?\d[\d\s()-]{6,}\d/g, '[phone]');

function classifyTwilioError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown; isAxiosError?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const detail = maskNumbers(String(e.message ?? error));
  const make = (rule: Rule, providerCode: string | number | undefined, ref: string) =>
    new ProviderError({ provider: 'twilio', code: rule.code, retryable: rule.retryable, providerCode, messageJa: `${rule.ja}（${ref}）`, detail, cause: error });

  if (code !== undefined && TWILIO_CODES[code]) return make(TWILIO_CODES[code], code, `Twilio ${code}`);
  if (status === undefined) {
    if (isNetworkError(error) || e.isAxiosError === true) {
      const netCode = typeof e.code === 'string' ? e.code : 'network';
      return make({ code: 'PROVIDER_UNAVAILABLE', retryable: true, ja: 'Twilioに接続できません' }, netCode, netCode);
    }
    return make({ code: 'SMS_FAILED', retryable: false, ja: 'SMSを送信できませんでした' }, undefined, 'Twilio');
  }
  const ref = code !== undefined ? `Twilio ${code}, HTTP ${status}` : `HTTP ${status}`;
  if (status === 429) return make({ code: 'SMS_RATE_LIMITED', retryable: true, ja: 'Twilioの送信上限に達しました' }, code ?? status, ref);
  if (status === 401 || status === 403) return make(TWILIO_CODES[20003]!, code ?? status, ref);
  if (status >= 500) return make({ code: 'PROVIDER_UNAVAILABLE', retryable: true, ja: 'Twilioが一時的に利用できません' }, code ?? status, ref);
  return make({ code: 'SMS_FAILED', retryable: false, ja: 'SMSを送信できませんでした' }, code ?? status, ref);
}

/** A message Twilio accepted but already reports as failed (error_code set). */
function failedOnCreate(message: { status: string; errorCode: number | null; errorMessage: string | null }): ProviderError | undefined {
  if (!['failed', 'undelivered'].includes(message.status) || !message.errorCode) return undefined;
  return classifyTwilioError({ status: 200, code: message.errorCode, message: message.errorMessage ?? message.status });
}

export function createTwilioSms(options: TwilioSmsOptions): TwilioSms {
  const timeout = options.timeoutMs ?? 15_000;
  const httpClient = options.apiUrl
    ? new RebasedRequestClient(options.apiUrl, { timeout, autoRetry: false })
    : new twilio.RequestClient({ timeout, autoRetry: false });
  const client = twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false });
  const sender = options.from.startsWith('MG') ? { messagingServiceSid: options.from } : { from: options.from };
  const policy: RetryPolicy = options.retry ?? { attempts: 3, baseDelayMs: 1000 };
  const log = options.logger.child({ provider: 'twilio' });

  /**
   * Messages to `to` sent since `resend.since` (every page), and those Twilio accepted since then but
   * has not sent yet (queued: no DateSent, so the DateSent filter misses them; they are among the
   * newest), the newest whose body matches.
   */
  async function findSent(to: string, resend: SmsResend): Promise<{ sid: string; status: string } | undefined> {
    const since = new Date(resend.since.getTime() - CLOCK_SKEW_MS);
    const [sent, newest] = await Promise.all([client.messages.list({ to, dateSentAfter: since, pageSize: 100 }), client.messages.list({ to, limit: 50 })]);
    const queued = newest.filter((m) => !m.dateSent && m.dateCreated && m.dateCreated >= since);
    const messages = [...queued, ...sent];
    // A message Twilio reports failed did not reach the client: it does not count as sent.
    const found = messages.find((m) => m.direction !== 'inbound' && !['failed', 'undelivered', 'canceled'].includes(m.status) && resend.matches(m.body));
    return found && { sid: found.sid, status: found.status };
  }

  return {
    name: 'twilio',
    async send(msg) {
      let to: string;
      try {
        to = toSmsRecipient(msg.to);
      } catch (error) {
        const err = classifyTwilioError(error);
        options.onAttempt?.({ attempt: 0, error: err, idempotencyKey: msg.idempotencyKey, to: '' });
        log.warn({ idempotencyKey: msg.idempotencyKey, code: err.code }, 'sms refused before sending');
        throw err;
      }
      // Within this call too: a try that timed out or got a 5xx may have been accepted.
      const firstTry = new Date();
      const { value, tries } = await withRetry(
        policy,
        async (attempt) => {
          const resend = msg.resend ?? (attempt > 1 ? { since: firstTry, matches: (body: string) => body === msg.body } : undefined);
          const earlier = resend ? await findSent(to, resend) : undefined;
          if (earlier) {
            log.warn({ idempotencyKey: msg.idempotencyKey, sid: earlier.sid, status: earlier.status, attempt }, 'sms already sent by an earlier try: recorded, not sent again');
            return { ...earlier, recovered: true };
          }
          const message = await client.messages.create({ ...sender, to, body: msg.body });
          const failed = failedOnCreate(message);
          if (failed) throw failed;
          return { sid: message.sid, status: message.status, recovered: false };
        },
        classifyTwilioError,
        (report) => {
          options.onAttempt?.({ ...report, idempotencyKey: msg.idempotencyKey, to });
          if (report.error) {
            const { code, providerCode, retryable } = report.error;
            log.warn(
              { idempotencyKey: msg.idempotencyKey, attempt: report.attempt, code, providerCode, retryable, nextDelayMs: report.nextDelayMs },
              report.nextDelayMs === undefined ? 'sms failed' : 'sms failed, retrying',
            );
          }
        },
      );
      if (!value.recovered) log.info({ idempotencyKey: msg.idempotencyKey, sid: value.sid, status: value.status, tries }, 'sms accepted');
      return { providerId: value.sid, status: value.status, tries, to, ...(value.recovered ? { recovered: true } : {}) };
    },
  };
}
