/**
 * What the bot sends to the outside world goes through these small interfaces. The local
 * implementations (./local) only record; the real Twilio, SMTP and Stripe adapters plug in
 * behind the same interfaces. Every call carries an idempotency key: the same key must never
 * send, charge or refund twice.
 */
export interface SmsPort {
  readonly name: string;
  send(input: { to: string; body: string; idempotencyKey: string }): Promise<{ providerId: string; status: string }>;
}

export interface MailPort {
  readonly name: string;
  send(input: { to: string; subject: string; text: string; html?: string; idempotencyKey: string }): Promise<{ providerId: string }>;
}

export type PaymentLinkStatus = 'open' | 'complete' | 'expired';

export interface PaymentsPort {
  readonly name: string;
  createLink(input: { reservationId: string; amountJpy: number; description: string; idempotencyKey: string }): Promise<{ sessionId: string; url: string }>;
  getLink(sessionId: string): Promise<{ status: PaymentLinkStatus; paymentIntentId?: string }>;
  expireLink(sessionId: string): Promise<void>;
  refund(input: { reservationId: string; paymentIntentId?: string; amountJpy: number; idempotencyKey: string }): Promise<{ refundId: string; status: string }>;
}

export interface Ports {
  sms: SmsPort;
  mail: MailPort;
  payments: PaymentsPort;
}

/**
 * A provider refused or failed. `permanent`: retrying cannot help (an invalid number, a
 * recipient who opted out); the delivery gives up at once instead of retrying.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
