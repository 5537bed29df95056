import type { Db } from '../db/client.js';
import type { OutboundMessage, PaymentLink } from '../db/schema.js';
import { escapeHtml, fillPaymentUrl, PAYMENT_DEADLINE_MINUTES } from '../domain/client-messages.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import { DeliveryError, type Ports } from '../ports/index.js';
import { createRepositories } from '../repositories/index.js';

export interface DeliveryRun {
  sent: number;
  /** Gave up (a permanent refusal, or too many tries). */
  failed: number;
  /** Failed this time; tried again on the next run. */
  retrying: number;
}

/**
 * Works off the outbox after the procedure's transaction committed: creates payment links,
 * sends SMS and e-mail, requests refunds, through the ports. Each row is leased by one
 * deliverer at a time and carries its idempotency key to the provider. Today it runs right after
 * a procedure and at start-up; durable jobs (pg-boss) will call the same function.
 */
export interface Delivery {
  deliverPending(filter?: { alertId?: number }): Promise<DeliveryRun>;
}

export interface DeliveryDeps {
  db: Db;
  ports: Ports;
  clock: Clock;
  logger: Logger;
  maxTries?: number;
  leaseMs?: number;
}

export function createDelivery({ db, ports, clock, logger, maxTries = 3, leaseMs = 60_000 }: DeliveryDeps): Delivery {
  const repos = createRepositories({ db });
  const log = logger.child({ component: 'delivery' });

  async function ensureLink(id: number): Promise<PaymentLink & { url: string }> {
    const link = (await repos.outbox.findPaymentLink(id))!;
    if (link.url) return link as PaymentLink & { url: string };
    const created = await ports.payments.createLink({
      reservationId: link.reservationId,
      amountJpy: link.amountJpy,
      description: link.description,
      idempotencyKey: link.idempotencyKey,
    });
    await repos.outbox.markLinkCreated({ id, provider: ports.payments.name, ...created });
    return { ...link, ...created };
  }

  async function send(msg: OutboundMessage, body: string, html: string | null) {
    if (msg.channel === 'sms') {
      const res = await ports.sms.send({ to: msg.recipient, body, idempotencyKey: msg.idempotencyKey });
      return { provider: ports.sms.name, providerId: res.providerId, providerStatus: res.status };
    }
    const res = await ports.mail.send({ to: msg.recipient, subject: msg.subject ?? '', text: body, html: html ?? undefined, idempotencyKey: msg.idempotencyKey });
    return { provider: ports.mail.name, providerId: res.providerId, providerStatus: null };
  }

  /** After the message carrying a link went out: the deadline starts, the reservation waits for payment. */
  async function markSent(msg: OutboundMessage, body: string, html: string | null, sent: Awaited<ReturnType<typeof send>>, link?: PaymentLink) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const t = createRepositories({ db: tx });
      await t.outbox.markMessageSent({ id: msg.id, body, html, ...sent, at: now });
      if (!link) return;
      const expiresAt = new Date(now.getTime() + PAYMENT_DEADLINE_MINUTES * 60_000);
      if (!(await t.outbox.markLinkSent({ id: link.id, at: now, expiresAt }))) return;
      const base = { actor: link.requestedBy, alertId: link.alertId, reservationId: link.reservationId };
      await t.history.append({ ...base, action: 'payment_link.sent', before: null, after: { channel: msg.channel, expiresAt: expiresAt.toISOString() } });
      const moved = await t.reservations.updateIfStatus({ id: link.reservationId, expectedStatus: 'calling_success', changes: { status: 'payment_pending' }, at: now });
      if (moved) await t.history.append({ ...base, action: 'reservation.status', before: { status: 'calling_success' }, after: { status: 'payment_pending' } });
    });
  }

  async function deliverMessage(id: number): Promise<keyof DeliveryRun | null> {
    const msg = await repos.outbox.leaseMessage(id, leaseMs);
    if (!msg) return null;
    try {
      const link = msg.paymentLinkId ? await ensureLink(msg.paymentLinkId) : undefined;
      const body = link ? fillPaymentUrl(msg.body, link.url) : msg.body;
      const html = link && msg.html ? fillPaymentUrl(msg.html, escapeHtml(link.url)) : msg.html;
      const sent = await send(msg, body, html);
      await markSent(msg, body, html, sent, link);
      log.info({ messageId: msg.id, channel: msg.channel, provider: sent.provider }, 'message sent');
      return 'sent';
    } catch (error) {
      const giveUp = (error instanceof DeliveryError && error.permanent) || msg.tries >= maxTries;
      await repos.outbox.markMessageFailed({ id: msg.id, error: (error as Error).message ?? String(error), giveUp });
      log.warn({ messageId: msg.id, channel: msg.channel, tries: msg.tries, giveUp, err: error }, 'message not sent');
      return giveUp ? 'failed' : 'retrying';
    }
  }

  async function deliverRefund(id: number): Promise<keyof DeliveryRun | null> {
    const refund = await repos.outbox.leaseRefund(id, leaseMs);
    if (!refund) return null;
    try {
      const res = await ports.payments.refund({ reservationId: refund.reservationId, amountJpy: refund.amountJpy, idempotencyKey: refund.idempotencyKey });
      await db.transaction(async (tx) => {
        const t = createRepositories({ db: tx });
        await t.outbox.markRefundDone({ id: refund.id, provider: ports.payments.name, refundId: res.refundId, providerStatus: res.status, at: clock.now() });
        await t.history.append({
          actor: refund.requestedBy,
          action: 'refund.done',
          alertId: refund.alertId,
          reservationId: refund.reservationId,
          before: null,
          after: { amountJpy: refund.amountJpy, refundId: res.refundId, status: res.status },
        });
      });
      return 'sent';
    } catch (error) {
      const giveUp = (error instanceof DeliveryError && error.permanent) || refund.tries >= maxTries;
      await repos.outbox.markRefundFailed({ id: refund.id, error: (error as Error).message ?? String(error), giveUp });
      log.warn({ refundId: refund.id, tries: refund.tries, giveUp, err: error }, 'refund not done');
      return giveUp ? 'failed' : 'retrying';
    }
  }

  return {
    async deliverPending(filter = {}) {
      const run: DeliveryRun = { sent: 0, failed: 0, retrying: 0 };
      // Each due row is tried once per run; a row leased by another deliverer is skipped.
      for (const id of await repos.outbox.dueMessageIds(filter)) {
        const outcome = await deliverMessage(id);
        if (outcome) run[outcome]++;
      }
      for (const id of await repos.outbox.dueRefundIds(filter)) {
        const outcome = await deliverRefund(id);
        if (outcome) run[outcome]++;
      }
      return run;
    },
  };
}
