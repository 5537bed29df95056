import { randomBytes } from 'node:crypto';
import type { PaymentLinkStatus, PaymentsPort } from '../index.js';

const LOCAL_PAYMENT_BASE_URL = 'http://localhost/qrv-pay/';

interface LocalSession {
  sessionId: string;
  url: string;
  reservationId: string;
  amountJpy: number;
  status: PaymentLinkStatus;
}

interface LocalRefund {
  refundId: string;
  reservationId: string;
  amountJpy: number;
  status: string;
}

/**
 * Local payment links and refunds (STRIPE_SECRET_KEY unset): fake session ids and a local
 * payment page URL; nothing is charged. Idempotency keys behave like Stripe's.
 */
export function createLocalPayments(baseUrl = LOCAL_PAYMENT_BASE_URL): PaymentsPort & {
  sessions: Map<string, LocalSession>;
  refunds: LocalRefund[];
  /** Marks a session paid, as the client paying would (its PaymentIntent is pi_local_…). */
  complete(sessionId: string): void;
} {
  const sessions = new Map<string, LocalSession>();
  const byKey = new Map<string, string>();
  const refunds: LocalRefund[] = [];
  const refundByKey = new Map<string, LocalRefund>();
  const session = (id: string) => {
    const s = sessions.get(id);
    if (!s) throw new Error(`no local payment session ${id}`);
    return s;
  };
  return {
    name: 'local',
    sessions,
    refunds,
    async createLink({ reservationId, amountJpy, idempotencyKey }) {
      const existing = byKey.get(idempotencyKey);
      if (existing) return { sessionId: existing, url: session(existing).url };
      const sessionId = `cs_local_${randomBytes(8).toString('hex')}`;
      const url = `${baseUrl}${sessionId}`;
      sessions.set(sessionId, { sessionId, url, reservationId, amountJpy, status: 'open' });
      byKey.set(idempotencyKey, sessionId);
      return { sessionId, url };
    },
    async getLink(sessionId) {
      const s = session(sessionId);
      return s.status === 'complete' ? { status: s.status, paid: true, paymentIntentId: `pi_local_${sessionId.slice(9)}` } : { status: s.status, paid: false };
    },
    async expireLink(sessionId) {
      const s = session(sessionId);
      if (s.status === 'open') s.status = 'expired';
      return this.getLink(sessionId);
    },
    async refund({ reservationId, amountJpy, idempotencyKey }) {
      const existing = refundByKey.get(idempotencyKey);
      if (existing) return { refundId: existing.refundId, status: existing.status };
      const refund = { refundId: `re_local_${randomBytes(8).toString('hex')}`, reservationId, amountJpy, status: 'succeeded' };
      refunds.push(refund);
      refundByKey.set(idempotencyKey, refund);
      return { refundId: refund.refundId, status: refund.status };
    },
    async findPayment({ reservationId, paymentIntentId }) {
      const paid = [...sessions.values()].filter((s) => s.reservationId === reservationId && s.status === 'complete').at(-1);
      if (paymentIntentId) return { paymentIntentId, amountJpy: paid?.amountJpy ?? 0, via: 'stored' as const };
      return paid ? { paymentIntentId: `pi_local_${paid.sessionId.slice(9)}`, amountJpy: paid.amountJpy, via: 'search' as const } : undefined;
    },
    complete(sessionId) {
      session(sessionId).status = 'complete';
    },
  };
}
