import { RESERVATION_ID_PATTERN } from '../domain/reservation-status.js';
/**
 * PaymentsPort over Stripe Checkout (stripe SDK). A payment link is a Checkout Session in JPY
 * (zero-decimal: ¥12,000 → unit_amount 12000). Stripe will not expire a session sooner than
 * 30 minutes, so sessions are created with the shortest lifetime Stripe accepts and the bot
 * enforces the manual's 10 minutes by calling expireLink.
 */
import Stripe from 'stripe';
import type { Logger } from '../logger.js';
import type { LinkState, PaymentLinkStatus, PaymentsPort } from '../ports/index.js';
import { ProviderError, type ProviderErrorCode } from './errors.js';

export interface StripePaymentsOptions {
  /** sk_… or rk_… (a restricted key needs Checkout Sessions and Refunds write access). */
  secretKey: string;
  /** Another API base (STRIPE_API_URL), e.g. http://127.0.0.1:12111 for stripe-mock. Path ignored. */
  apiUrl?: string;
  /** Where Stripe sends the client after paying; may contain {CHECKOUT_SESSION_ID}. */
  successUrl: string;
  cancelUrl?: string;
  logger?: Logger;
  /** The SDK's own retries (same idempotency key, so safe). Default 2. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
  /** Session lifetime on Stripe's side, 30–1440 minutes. Default 30 (Stripe's minimum). */
  sessionMinutes?: number;
  now?: () => Date;
}

export interface StripePayments extends PaymentsPort {
  createLink(input: { reservationId: string; amountJpy: number; description: string; idempotencyKey: string }): Promise<{ sessionId: string; url: string; expiresAt: Date }>;
  /** Says what the session ended as; `alreadyClosed` when it was complete or expired before (no error). */
  expireLink(sessionId: string): Promise<LinkState & { alreadyClosed: boolean }>;
}

/** `http://127.0.0.1:12111` → `{ host: '127.0.0.1', port: 12111, protocol: 'http' }`. */
export function stripeConnection(apiUrl: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

interface StripeLikeError {
  type?: string;
  rawType?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

const REFUND_CODES: Record<string, string> = {
  charge_already_refunded: 'すでに返金済みです',
  resource_missing: '決済が見つかりません',
  amount_too_large: '返金額が支払額を超えています',
};

function classifyStripeError(error: unknown, failure: 'PAYMENT_FAILED' | 'REFUND_FAILED', actionJa: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as StripeLikeError;
  const status = e.statusCode;
  const detail = String(e.message ?? error);
  const make = (code: ProviderErrorCode, retryable: boolean, messageJa: string, providerCode?: string | number) =>
    new ProviderError({ provider: 'stripe', code, retryable, providerCode, messageJa, detail, cause: error });
  if (e.type === 'StripeConnectionError' || (status === undefined && !e.type?.startsWith('Stripe'))) {
    return make('PROVIDER_UNAVAILABLE', true, `Stripeに接続できません（${actionJa}）`, 'connection');
  }
  if (e.type === 'StripeAuthenticationError' || status === 401) {
    return make('PROVIDER_AUTH', false, 'Stripeの認証に失敗しました。STRIPE_SECRET_KEY を確認してください', status);
  }
  if (status !== undefined && status >= 500) return make('PROVIDER_UNAVAILABLE', true, `Stripeが一時的に利用できません（${actionJa}、HTTP ${status}）`, status);
  const ref = e.code ?? e.rawType ?? status ?? 'error';
  const reason = (e.code && failure === 'REFUND_FAILED' && REFUND_CODES[e.code]) || '';
  const retryable = status === 429 || status === 409;
  return make(failure, retryable, `${actionJa}${reason ? `（${reason}）` : ''}: ${detail}（Stripe ${ref}）`, e.code ?? status);
}

export function createStripePayments(options: StripePaymentsOptions): StripePayments {
  const stripe = new Stripe(options.secretKey, {
    ...(options.apiUrl ? stripeConnection(options.apiUrl) : {}),
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 30_000,
    telemetry: false,
  });
  const now = options.now ?? (() => new Date());
  const minutes = Math.min(Math.max(options.sessionMinutes ?? 30, 30), 1440);
  // Stripe measures the window from its own clock when it creates the session: keep a minute inside it.
  const lifetimeSeconds = minutes * 60 + (minutes < 1440 ? 60 : -60);
  const log = options.logger?.child({ provider: 'stripe' });

  const state = (session: Stripe.Checkout.Session): LinkState => {
    const pi = session.payment_intent;
    const paymentIntentId = typeof pi === 'string' ? pi : (pi?.id ?? undefined);
    const status: PaymentLinkStatus = session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open';
    return { status, paid: session.payment_status === 'paid', ...(paymentIntentId ? { paymentIntentId } : {}) };
  };

  /** Stripe keeps idempotency keys 24 hours: look back that far (and no further than 500 sessions). */
  const findByKey = async (reservationId: string, key: string): Promise<Stripe.Checkout.Session | undefined> => {
    const since = Math.floor(now().getTime() / 1000) - 25 * 3600;
    let seen = 0;
    for await (const session of stripe.checkout.sessions.list({ created: { gte: since }, limit: 100 })) {
      if (session.client_reference_id === reservationId && session.metadata?.idempotency_key === key) return session;
      if (++seen >= 500) break;
    }
    return undefined;
  };

  const payments: StripePayments = {
    name: 'stripe',

    async createLink({ reservationId, amountJpy, description, idempotencyKey }) {
      if (!Number.isSafeInteger(amountJpy) || amountJpy <= 0) {
        throw new ProviderError({ provider: 'stripe', code: 'PAYMENT_FAILED', retryable: false, messageJa: `金額が正しくありません（${amountJpy}円）`, detail: 'amountJpy must be a positive integer' });
      }
      const expiresAt = Math.floor(now().getTime() / 1000) + lifetimeSeconds;
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [{ quantity: 1, price_data: { currency: 'jpy', unit_amount: amountJpy, product_data: { name: description } } }],
            metadata: { reservation_id: reservationId, idempotency_key: idempotencyKey },
            payment_intent_data: { metadata: { reservation_id: reservationId } },
            client_reference_id: reservationId,
            expires_at: expiresAt,
            locale: 'ja',
            success_url: options.successUrl,
            ...(options.cancelUrl ? { cancel_url: options.cancelUrl } : {}),
          },
          { idempotencyKey },
        );
        if (!session.url) throw new ProviderError({ provider: 'stripe', code: 'PAYMENT_FAILED', retryable: false, messageJa: '決済リンクのURLが返されませんでした', detail: `session ${session.id} has no url` });
        log?.info({ reservationId, sessionId: session.id, idempotencyKey }, 'checkout session created');
        return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      } catch (error) {
        // Same key, other parameters (a retry computed a later expires_at): return the session the key made.
        const previous = (error as StripeLikeError).rawType === 'idempotency_error' ? await findByKey(reservationId, idempotencyKey).catch(() => undefined) : undefined;
        if (previous?.url) {
          log?.info({ reservationId, sessionId: previous.id, idempotencyKey }, 'checkout session found by idempotency key');
          return { sessionId: previous.id, url: previous.url, expiresAt: new Date(previous.expires_at * 1000) };
        }
        const err = classifyStripeError(error, 'PAYMENT_FAILED', '決済リンクを作成できませんでした');
        log?.warn({ reservationId, idempotencyKey, code: err.code, providerCode: err.providerCode, retryable: err.retryable }, 'checkout session failed');
        throw err;
      }
    },

    async getLink(sessionId) {
      try {
        return state(await stripe.checkout.sessions.retrieve(sessionId));
      } catch (error) {
        throw classifyStripeError(error, 'PAYMENT_FAILED', '決済リンクの状態を取得できませんでした');
      }
    },

    async expireLink(sessionId) {
      try {
        const session = await stripe.checkout.sessions.expire(sessionId);
        log?.info({ sessionId }, 'checkout session expired');
        return { ...state(session), alreadyClosed: false };
      } catch (error) {
        const e = error as StripeLikeError;
        // Stripe refuses to expire a session that is no longer open: report what it became.
        if (e.statusCode === 400 && e.rawType === 'invalid_request_error') {
          const current = await payments.getLink(sessionId);
          if (current.status !== 'open') {
            log?.info({ sessionId, status: current.status, paid: current.paid }, 'checkout session already closed');
            return { ...current, alreadyClosed: true };
          }
        }
        throw classifyStripeError(error, 'PAYMENT_FAILED', '決済リンクを無効にできませんでした');
      }
    },

    async findPayment({ reservationId, paymentIntentId }) {
      try {
        if (paymentIntentId) {
          const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
          return pi.status === 'succeeded' ? { paymentIntentId: pi.id, amountJpy: pi.amount_received, via: 'stored' as const } : undefined;
        }
        // Only an ID of the form QRV-XXXXXX reaches the search query: nothing in it needs escaping.
        if (!RESERVATION_ID_PATTERN.test(reservationId)) return undefined;
        const found = await stripe.paymentIntents.search({ query: `metadata['reservation_id']:'${reservationId}'`, limit: 10 });
        const pi = found.data.find((p) => p.status === 'succeeded');
        log?.info({ reservationId, found: found.data.length, paymentIntentId: pi?.id }, 'payment searched by reservation id');
        return pi ? { paymentIntentId: pi.id, amountJpy: pi.amount_received, via: 'search' as const } : undefined;
      } catch (error) {
        throw classifyStripeError(error, 'REFUND_FAILED', '決済（PaymentIntent）を確認できませんでした');
      }
    },

    async refund({ reservationId, paymentIntentId, amountJpy, idempotencyKey }) {
      if (!paymentIntentId) {
        throw new ProviderError({ provider: 'stripe', code: 'REFUND_FAILED', retryable: false, messageJa: '決済（PaymentIntent）が記録されていないため返金できません。Stripeダッシュボードで確認してください', detail: 'no payment intent' });
      }
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: paymentIntentId, amount: amountJpy, reason: 'requested_by_customer', metadata: { reservation_id: reservationId } },
          { idempotencyKey },
        );
        log?.info({ reservationId, refundId: refund.id, status: refund.status, idempotencyKey }, 'refund created');
        return { refundId: refund.id, status: refund.status ?? 'pending' };
      } catch (error) {
        const err = classifyStripeError(error, 'REFUND_FAILED', '返金できませんでした');
        log?.warn({ reservationId, idempotencyKey, code: err.code, providerCode: err.providerCode, retryable: err.retryable }, 'refund failed');
        throw err;
      }
    },
  };
  return payments;
}
