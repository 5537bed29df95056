import type { Db } from '../db/client.js';
import type { OutboundMessage, PaymentLink } from '../db/schema.js';
import { escapeHtml, fillPaymentUrl, PAYMENT_DEADLINE_MINUTES, sameFilledText } from '../domain/client-messages.js';
import type { Clock } from '../domain/clock.js';
import { formatClock } from '../domain/time.js';
import type { Logger } from '../logger.js';
import { ProviderError, type Ports } from '../ports/index.js';
import { createRepositories } from '../repositories/index.js';
import { settleAlertDelivery } from './outcome.js';
import { supersedeOlderLinks } from './payment-deadline.js';
import { DELIVERY_LEASE_MS, whileLeased } from './lease.js';
import { refundReservation } from './refund.js';
import { errorText, isRetryable, type DeliveryNotifier, type RowOutcome } from './types.js';

export interface SenderDeps {
  db: Db;
  ports: Ports;
  clock: Clock;
  logger: Logger;
  notifier: DeliveryNotifier;
  timeZone: string;
  /** Tries per row before it is given up (each job run is one try). */
  maxTries: number;
  /** Called once a link's deadline starts (schedules its 10-minute check). */
  onLinkSent?: (link: PaymentLink) => Promise<void>;
  leaseMs?: number;
}

/**
 * Sends one outbox row through the ports. The row is leased first (status `sending`, one
 * deliverer at a time, never a row that already has a provider message ID) and carries its
 * idempotency key to the provider. A retryable failure puts it back (`retry`: the job throws and
 * pg-boss tries again later); a permanent one, or the last try, gives it up.
 */
export function createOutboxSender(deps: SenderDeps) {
  const { db, ports, clock, notifier, timeZone, maxTries, leaseMs = DELIVERY_LEASE_MS } = deps;
  const repos = createRepositories({ db });
  const log = deps.logger.child({ component: 'delivery' });

  async function ensureLink(id: number): Promise<PaymentLink & { url: string }> {
    let link = (await repos.outbox.findPaymentLink(id))!;
    if (!link.url) {
      const created = await ports.payments.createLink({ reservationId: link.reservationId, amountJpy: link.amountJpy, description: link.description, idempotencyKey: link.idempotencyKey });
      await repos.outbox.markLinkCreated({ id, provider: ports.payments.name, sessionId: created.sessionId, url: created.url });
      link = { ...link, ...created };
    }
    // A new link supersedes the reservation's older ones (e.g. the link whose SMS failed): they are
    // expired before it goes out (again on a retry, should expiring have failed the first time).
    await supersedeOlderLinks({ db, ports, logger: log }, link);
    return link as PaymentLink & { url: string };
  }

  async function send(msg: OutboundMessage, body: string, html: string | null, link?: PaymentLink & { url: string }) {
    if (msg.channel === 'sms') {
      // An earlier try of this row (the bot died mid-call, or the call failed) may have reached the
      // client: Twilio is asked for it first (since the row was written) instead of sending twice.
      const resend = msg.tries > 1 ? { since: msg.createdAt, matches: sameFilledText(msg.body, link?.url) } : undefined;
      const res = await ports.sms.send({ to: msg.recipient, body, idempotencyKey: msg.idempotencyKey, resend });
      if (res.recovered) log.warn({ messageId: msg.id, providerId: res.providerId, tries: msg.tries }, 'sms sent by an earlier try found at the provider: recorded instead of sending again');
      return { provider: ports.sms.name, providerId: res.providerId, providerStatus: res.status };
    }
    const thread = { ...(msg.inReplyTo ? { inReplyTo: msg.inReplyTo } : {}), ...(msg.references ? { references: msg.references } : {}) };
    const res = await ports.mail.send({ to: msg.recipient, subject: msg.subject ?? '', text: body, html: html ?? undefined, idempotencyKey: msg.idempotencyKey, ...thread });
    return { provider: ports.mail.name, providerId: res.providerId, providerStatus: null };
  }

  /** After the message carrying a link went out: the deadline starts, the reservation waits for payment. */
  async function markSent(msg: OutboundMessage, body: string, html: string | null, sent: Awaited<ReturnType<typeof send>>, now: Date, link?: PaymentLink) {
    return db.transaction(async (tx) => {
      const t = createRepositories({ db: tx });
      await t.outbox.markMessageSent({ id: msg.id, body, html, ...sent, at: now });
      if (!link) return undefined;
      const opened = await t.outbox.markLinkSent({ id: link.id, at: now, expiresAt: new Date(now.getTime() + PAYMENT_DEADLINE_MINUTES * 60_000) });
      if (!opened) return undefined;
      const base = { actor: link.requestedBy, alertId: link.alertId, reservationId: link.reservationId };
      await t.history.append({ ...base, action: 'payment_link.sent', before: null, after: { channel: msg.channel, expiresAt: opened.expiresAt!.toISOString() } });
      const moved = await t.reservations.updateIfStatus({ id: link.reservationId, expectedStatus: 'calling_success', changes: { status: 'payment_pending' }, at: now });
      if (moved) await t.history.append({ ...base, action: 'reservation.status', before: { status: 'calling_success' }, after: { status: 'payment_pending' } });
      return opened;
    });
  }

  /**
   * Every try failed (or the provider refused for good) for an SMS no alert follows: the bot raises
   * sms_failed itself (manual §3.2). A procedure's SMS makes its own alert 要再対応 instead, with the
   * same choices (retry, another number, e-mail), so one problem never has two alerts.
   */
  async function raiseSmsFailed(msg: OutboundMessage, error: string) {
    if (msg.channel !== 'sms' || !msg.paymentLinkId || !msg.reservationId || msg.alertId) return;
    const reservationId = msg.reservationId;
    await db.transaction(async (tx) => {
      const t = createRepositories({ db: tx });
      await t.reservations.lock(reservationId);
      if ((await t.alerts.openOfKind({ kind: 'sms_failed', reservationId })).length > 0) return;
      const alert = await t.alerts.insert({ kind: 'sms_failed', reservationId, details: { error, outbound_message_id: msg.id } });
      await t.history.append({ actor: 'system', action: 'alert.raised', alertId: alert.id, reservationId, before: null, after: { kind: 'sms_failed', error } });
    });
  }

  async function notify(messageId: number) {
    const message = (await repos.outbox.findMessage(messageId))!;
    const link = message.paymentLinkId ? await repos.outbox.findPaymentLink(message.paymentLinkId) : undefined;
    const settled = message.alertId ? await settleAlertDelivery({ db }, message.alertId) : undefined;
    await notifier.finished({ kind: 'message', message, link, settled }).catch((error: unknown) => log.warn({ err: error }, 'delivery notice not posted'));
  }

  async function sendMessage(id: number): Promise<RowOutcome> {
    const msg = await repos.outbox.leaseMessage(id, leaseMs);
    if (!msg) return 'skipped';
    return whileLeased({ db, leaseMs }, { kind: 'message', id }, () => sendLeased(msg));
  }

  async function sendLeased(msg: OutboundMessage): Promise<RowOutcome> {
    let sending = false;
    try {
      const link = msg.paymentLinkId ? await ensureLink(msg.paymentLinkId) : undefined;
      if (link && ['expired', 'complete'].includes(link.status)) {
        throw new ProviderError({ provider: 'stripe', code: 'PAYMENT_FAILED', retryable: false, messageJa: `決済リンクがすでに${link.status === 'complete' ? '支払い済み' : '無効（新しいリンクに置き換え済み）'}のため送信しません`, detail: `link ${link.id} is ${link.status}` });
      }
      const now = clock.now();
      const deadline = formatClock(new Date(now.getTime() + PAYMENT_DEADLINE_MINUTES * 60_000), timeZone);
      const body = link ? fillPaymentUrl(msg.body, link.url, deadline) : msg.body;
      const html = link && msg.html ? fillPaymentUrl(msg.html, escapeHtml(link.url), deadline) : msg.html;
      sending = true;
      const sent = await send(msg, body, html, link);
      const opened = await markSent(msg, body, html, sent, now, link);
      log.info({ messageId: msg.id, channel: msg.channel, provider: sent.provider }, 'message sent');
      if (opened) await deps.onLinkSent?.(opened).catch((error: unknown) => log.warn({ err: error, linkId: opened.id }, 'deadline not scheduled (the sweep checks it)'));
      await notify(msg.id);
      return 'sent';
    } catch (error) {
      const giveUp = !isRetryable(error) || msg.tries >= maxTries;
      const text = errorText(error);
      await repos.outbox.markMessageFailed({ id: msg.id, error: text, giveUp });
      log.warn({ messageId: msg.id, channel: msg.channel, tries: msg.tries, giveUp, err: error }, 'message not sent');
      if (!giveUp) return 'retry';
      if (sending) await raiseSmsFailed(msg, text);
      await notify(msg.id);
      return 'failed';
    }
  }

  return {
    sendMessage,
    refund: (id: number) => refundReservation({ db, ports, clock, logger: log, notifier, maxTries, leaseMs }, id),
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
