/**
 * What the bot sends to the outside world goes through these small interfaces. The local
 * implementations (./local) only record; the real Twilio, SMTP and Stripe adapters
 * (src/providers) plug in behind the same interfaces, chosen by configuration. Every call
 * carries an idempotency key: the same key must never send, charge or refund twice.
 *
 * A port that fails throws a ProviderError (src/providers/errors.ts): `retryable` tells the
 * delivery whether trying again later can help, `messageJa` is what the operator reads.
 */
export { ProviderError, isProviderError } from '../providers/errors.js';

export interface SmsPort {
  readonly name: string;
  /**
   * Twilio has no idempotency key. With `resend` (an earlier try of the same message may have gone
   * out: the bot died mid-call, or a call timed out) the port first asks the provider for a message
   * to that number since `resend.since` whose body `resend.matches`, and returns that one
   * (`recovered: true`) instead of sending a second SMS.
   */
  send(input: SmsToSend): Promise<{ providerId: string; status: string; tries?: number; recovered?: boolean }>;
}

export interface SmsToSend {
  to: string;
  body: string;
  idempotencyKey: string;
  resend?: SmsResend;
}

export interface SmsResend {
  /** The first try (or earlier): messages sent since then count. */
  since: Date;
  /** Whether a sent body is this message (a payment link's deadline may differ by a minute between tries). */
  matches(sentBody: string): boolean;
}

export interface MailPort {
  readonly name: string;
  /** `inReplyTo` / `references`: a reply in the same thread of mail (the Message-IDs it answers). */
  send(input: { to: string; subject: string; text: string; html?: string; idempotencyKey: string; inReplyTo?: string; references?: string }): Promise<{ providerId: string }>;
}

export type PaymentLinkStatus = 'open' | 'complete' | 'expired';

/** A Checkout Session as the provider reports it. */
export interface LinkState {
  status: PaymentLinkStatus;
  paid: boolean;
  paymentIntentId?: string;
}

export interface PaymentsPort {
  readonly name: string;
  createLink(input: { reservationId: string; amountJpy: number; description: string; idempotencyKey: string }): Promise<{ sessionId: string; url: string }>;
  getLink(sessionId: string): Promise<LinkState>;
  /** Expires an open session; one already complete or expired is not an error: returns what it became. */
  expireLink(sessionId: string): Promise<LinkState>;
  refund(input: { reservationId: string; paymentIntentId?: string; amountJpy: number; idempotencyKey: string }): Promise<{ refundId: string; status: string }>;
  /**
   * The client's payment: the PaymentIntent given (retrieved), else the newest succeeded one whose
   * metadata names the reservation (search). `amountJpy` is what was actually received.
   */
  findPayment(input: { reservationId: string; paymentIntentId?: string }): Promise<PaymentFound | undefined>;
}

export interface PaymentFound {
  paymentIntentId: string;
  amountJpy: number;
  /** How it was found: the stored ID, or Stripe search by metadata['reservation_id']. */
  via: 'stored' | 'search';
}

export interface Ports {
  sms: SmsPort;
  mail: MailPort;
  payments: PaymentsPort;
}
