/**
 * Ports the procedures use to reach the outside world. Real adapters live in src/providers/;
 * without configuration the bot uses local implementations that only record what would be sent.
 */

export interface SmsPort {
  readonly name: string;
  send(msg: { to: string; body: string; idempotencyKey: string }): Promise<{ providerId: string; status: string }>;
}

export interface MailPort {
  readonly name: string;
  send(msg: { to: string; subject: string; text: string; html: string; idempotencyKey: string }): Promise<{ providerId: string }>;
}

export interface PaymentsPort {
  readonly name: string;
  createLink(input: { reservationId: string; amountJpy: number; description: string; idempotencyKey: string }): Promise<{ sessionId: string; url: string }>;
  getLink(sessionId: string): Promise<{ status: 'open' | 'complete' | 'expired'; paid: boolean; paymentIntentId?: string }>;
  expireLink(sessionId: string): Promise<void>;
  refund(input: { reservationId: string; paymentIntentId?: string; amountJpy: number; idempotencyKey: string }): Promise<{ refundId: string; status: string }>;
}
