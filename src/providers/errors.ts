import { DomainError } from '../errors.js';

export type ProviderName = 'twilio' | 'stripe' | 'smtp' | 'phone';

/** Stable codes the outbox and the procedures branch on. */
export type ProviderErrorCode =
  | 'SMS_INVALID_NUMBER'
  | 'SMS_UNSUBSCRIBED'
  | 'SMS_LANDLINE'
  | 'SMS_UNREACHABLE'
  | 'SMS_RATE_LIMITED'
  | 'SMS_FAILED'
  | 'PROVIDER_AUTH'
  | 'PROVIDER_UNAVAILABLE'
  | 'PAYMENT_FAILED'
  | 'REFUND_FAILED'
  | 'MAIL_FAILED';

export interface ProviderErrorInit {
  provider: ProviderName;
  code: ProviderErrorCode;
  retryable: boolean;
  /** The provider's own code (Twilio 21211, Stripe `charge_already_refunded`, SMTP 550…). */
  providerCode?: string | number;
  /** What the operator reads (Japanese), e.g. 「電話番号が無効です（Twilio 21211）」. */
  messageJa: string;
  /** The provider's message, English, for logs (never contains secrets we add). */
  detail?: string;
  /** Requests made before giving up (SMS); 0 when rejected before any request. */
  tries?: number;
  cause?: unknown;
}

/**
 * A provider call failed. A DomainError, so the Slack error handler shows `messageJa` as it
 * stands; `retryable` tells the outbox whether trying again later can help.
 */
export class ProviderError extends DomainError {
  readonly provider: ProviderName;
  override readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly providerCode?: string | number;
  readonly messageJa: string;
  readonly detail?: string;
  tries?: number;

  constructor(init: ProviderErrorInit) {
    super(init.code, init.messageJa, { provider: init.provider, providerCode: init.providerCode, retryable: init.retryable });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.code = init.code;
    this.retryable = init.retryable;
    this.providerCode = init.providerCode;
    this.messageJa = init.messageJa;
    this.detail = init.detail;
    this.tries = init.tries;
    // Not enumerable: an SDK error can carry request config (headers with credentials).
    if (init.cause !== undefined) Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false, writable: true, configurable: true });
    if (init.detail) this.message = `${init.code}: ${init.detail}`;
  }

  /** A compact, secret-free summary for logs and the outbox's `last_error`. */
  toJSON(): Record<string, unknown> {
    return {
      provider: this.provider,
      code: this.code,
      retryable: this.retryable,
      providerCode: this.providerCode,
      messageJa: this.messageJa,
      detail: this.detail,
      tries: this.tries,
    };
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;

/** Connection refused, reset, DNS failure, timeout: the request may not have reached the provider. */
export function isNetworkError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  const NETWORK = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET'];
  return typeof code === 'string' && NETWORK.includes(code);
}
