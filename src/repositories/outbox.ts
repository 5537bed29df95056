import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { outboundMessages, paymentLinks, refunds, type OutboundMessage, type PaymentLink, type Refund } from '../db/schema.js';

type NewPaymentLink = Pick<typeof paymentLinks.$inferInsert, 'reservationId' | 'alertId' | 'amountJpy' | 'description' | 'requestedBy' | 'idempotencyKey'>;
type NewMessage = Pick<
  typeof outboundMessages.$inferInsert,
  'reservationId' | 'alertId' | 'incidentId' | 'channel' | 'recipient' | 'subject' | 'body' | 'html' | 'paymentLinkId' | 'requestedBy' | 'idempotencyKey' | 'inReplyTo' | 'references'
>;
type NewRefund = Pick<typeof refunds.$inferInsert, 'reservationId' | 'alertId' | 'amountJpy' | 'requestedBy' | 'idempotencyKey'>;

export interface DueRow {
  id: number;
  idempotencyKey: string;
  /** A declared incident's status SMS: sent at the bulk rate (QRV_BULK_SMS_PER_SECOND). */
  incidentId?: number | null;
}

export interface Outbox {
  messages: OutboundMessage[];
  paymentLinks: PaymentLink[];
  refunds: Refund[];
}

/**
 * What must be sent (SMS, e-mail, payment links, refunds), written by a procedure's transaction
 * and worked off by src/delivery. Enqueuing the same idempotency key twice returns the first row.
 */
export interface OutboxRepository {
  enqueuePaymentLink(input: NewPaymentLink): Promise<PaymentLink>;
  enqueueMessage(input: NewMessage): Promise<OutboundMessage>;
  enqueueRefund(input: NewRefund): Promise<Refund>;
  /** Messages / refunds waiting (or whose deliverer's lease ran out), oldest first. */
  dueMessages(filter?: { alertId?: number; incidentId?: number }): Promise<DueRow[]>;
  dueRefunds(filter?: { alertId?: number }): Promise<DueRow[]>;
  /** Takes a due row for `leaseMs` (one deliverer at a time); undefined when another has it or it is done. */
  leaseMessage(id: number, leaseMs: number): Promise<OutboundMessage | undefined>;
  leaseRefund(id: number, leaseMs: number): Promise<Refund | undefined>;
  /** Extends a lease still held (status sending) while its deliverer works: a live send never looks interrupted. */
  renewLease(input: { kind: 'message' | 'refund'; id: number; leaseMs: number }): Promise<void>;
  /** A row still `sending` goes back to `pending` (its deliverer is stopping before it finished). */
  releaseLease(input: { kind: 'message' | 'refund'; id: number }): Promise<void>;
  findPaymentLink(id: number): Promise<PaymentLink | undefined>;
  markLinkCreated(input: { id: number; provider: string; sessionId: string; url: string }): Promise<void>;
  /** The first send of a link starts its deadline; later sends keep it. Undefined if it was sent before. */
  markLinkSent(input: { id: number; at: Date; expiresAt: Date }): Promise<PaymentLink | undefined>;
  markMessageSent(input: { id: number; body: string; html: string | null; provider: string; providerId: string; providerStatus: string | null; at: Date }): Promise<void>;
  markMessageFailed(input: { id: number; error: string; giveUp: boolean }): Promise<void>;
  markRefundDone(input: { id: number; provider: string; refundId: string | null; providerStatus: string; at: Date; paymentIntentId?: string; amountJpy?: number }): Promise<void>;
  markRefundFailed(input: { id: number; error: string; giveUp: boolean }): Promise<void>;
  /** Compare-and-set on a link's status (open → complete / expired…); undefined when it was not in `from`. */
  closeLink(input: { id: number; from: string[]; status: 'complete' | 'expired'; paymentIntentId?: string }): Promise<PaymentLink | undefined>;
  /** The reservation's other links that may still be paid (created or open): a new link supersedes them. */
  liveLinksExcept(input: { reservationId: string; exceptId: number }): Promise<PaymentLink[]>;
  /** Open links whose 10-minute deadline has passed at `now`. */
  overdueLinkIds(now: Date): Promise<number[]>;
  /** The reservation's newest link with a session (paid or not), paid ones first: what a refund refunds. */
  linksForRefund(reservationId: string): Promise<PaymentLink[]>;
  findMessage(id: number): Promise<OutboundMessage | undefined>;
  findRefund(id: number): Promise<Refund | undefined>;
  listForAlert(alertId: number): Promise<Outbox>;
  /** 再試行: the alert's rows given up go back to pending with fresh tries; how many. */
  retryFailed(alertId: number): Promise<number>;
  /** The alert's failed payment-link messages give way to a message to another contact; how many. */
  replaceFailedLinkMessages(alertId: number): Promise<number>;
  /** A refund already done for this PaymentIntent (by any alert): a payment is refunded once. */
  doneRefundFor(paymentIntentId: string): Promise<Refund | undefined>;
}

const due = (status: SQLWrapper, leaseUntil: SQLWrapper): SQL =>
  sql`(${status} = 'pending' or (${status} = 'sending' and ${leaseUntil} < now()))`;
const leaseFor = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

export function createOutboxRepository({ db }: { db: Queryable }): OutboxRepository {
  /** The alert's rows of each outbox table, in id order. */
  async function listForAlert(alertId: number): Promise<Outbox> {
    const q = prepared(db, 'qrv_outbox_by_alertId', () => {
      const value = sql.placeholder('alertId');
      return {
        messages: db.select().from(outboundMessages).where(eq(outboundMessages.alertId, value)).orderBy(asc(outboundMessages.id)).prepare('qrv_messages_by_alertId'),
        links: db.select().from(paymentLinks).where(eq(paymentLinks.alertId, value)).orderBy(asc(paymentLinks.id)).prepare('qrv_payment_links_by_alertId'),
        refunds: db.select().from(refunds).where(eq(refunds.alertId, value)).orderBy(asc(refunds.id)).prepare('qrv_refunds_by_alertId'),
      };
    });
    // One after the other: inside a transaction on an embedded database one session serves them all.
    const messages = await q.messages.execute({ alertId });
    const links = await q.links.execute({ alertId });
    const refundRows = await q.refunds.execute({ alertId });
    return { messages, paymentLinks: links, refunds: refundRows };
  }

  return {
    async enqueuePaymentLink(input) {
      await db.insert(paymentLinks).values(input).onConflictDoNothing({ target: paymentLinks.idempotencyKey });
      const [row] = await db.select().from(paymentLinks).where(eq(paymentLinks.idempotencyKey, input.idempotencyKey));
      return row!;
    },
    async enqueueMessage(input) {
      await db.insert(outboundMessages).values(input).onConflictDoNothing({ target: outboundMessages.idempotencyKey });
      const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.idempotencyKey, input.idempotencyKey));
      return row!;
    },
    async enqueueRefund(input) {
      await db.insert(refunds).values(input).onConflictDoNothing({ target: refunds.idempotencyKey });
      const [row] = await db.select().from(refunds).where(eq(refunds.idempotencyKey, input.idempotencyKey));
      return row!;
    },

    async dueMessages(filter = {}) {
      return db
        .select({ id: outboundMessages.id, idempotencyKey: outboundMessages.idempotencyKey, incidentId: outboundMessages.incidentId })
        .from(outboundMessages)
        .where(
          and(
            due(outboundMessages.status, outboundMessages.leaseUntil),
            isNull(outboundMessages.providerId),
            filter.alertId === undefined ? undefined : eq(outboundMessages.alertId, filter.alertId),
            filter.incidentId === undefined ? undefined : eq(outboundMessages.incidentId, filter.incidentId),
          ),
        )
        .orderBy(asc(outboundMessages.id));
    },
    async dueRefunds(filter = {}) {
      return db
        .select({ id: refunds.id, idempotencyKey: refunds.idempotencyKey })
        .from(refunds)
        .where(and(due(refunds.status, refunds.leaseUntil), filter.alertId === undefined ? undefined : eq(refunds.alertId, filter.alertId)))
        .orderBy(asc(refunds.id));
    },

    async leaseMessage(id, leaseMs) {
      const [row] = await db
        .update(outboundMessages)
        .set({ status: 'sending', tries: sql`${outboundMessages.tries} + 1`, leaseUntil: leaseFor(leaseMs) })
        // A row with a provider message ID was accepted by the provider: never sent again.
        .where(and(eq(outboundMessages.id, id), isNull(outboundMessages.providerId), due(outboundMessages.status, outboundMessages.leaseUntil)))
        .returning();
      return row;
    },
    async leaseRefund(id, leaseMs) {
      const [row] = await db
        .update(refunds)
        .set({ status: 'sending', tries: sql`${refunds.tries} + 1`, leaseUntil: leaseFor(leaseMs) })
        .where(and(eq(refunds.id, id), due(refunds.status, refunds.leaseUntil)))
        .returning();
      return row;
    },

    async renewLease({ kind, id, leaseMs }) {
      const table = kind === 'message' ? outboundMessages : refunds;
      await db
        .update(table)
        .set({ leaseUntil: leaseFor(leaseMs) })
        .where(and(eq(table.id, id), eq(table.status, 'sending')));
    },
    async releaseLease({ kind, id }) {
      const table = kind === 'message' ? outboundMessages : refunds;
      await db
        .update(table)
        .set({ status: 'pending', leaseUntil: null })
        .where(and(eq(table.id, id), eq(table.status, 'sending')));
    },

    async findPaymentLink(id) {
      const [row] = await db.select().from(paymentLinks).where(eq(paymentLinks.id, id));
      return row;
    },
    async markLinkCreated({ id, provider, sessionId, url }) {
      await db.update(paymentLinks).set({ status: 'created', provider, sessionId, url, error: null }).where(eq(paymentLinks.id, id));
    },
    async markLinkSent({ id, at, expiresAt }) {
      const [row] = await db
        .update(paymentLinks)
        .set({ status: 'open', sentAt: at, expiresAt })
        .where(and(eq(paymentLinks.id, id), isNull(paymentLinks.sentAt)))
        .returning();
      return row;
    },

    async markMessageSent({ id, body, html, provider, providerId, providerStatus, at }) {
      await db
        .update(outboundMessages)
        .set({ status: 'sent', body, html, provider, providerId, providerStatus, sentAt: at, leaseUntil: null, lastError: null })
        .where(eq(outboundMessages.id, id));
    },
    async markMessageFailed({ id, error, giveUp }) {
      await db
        .update(outboundMessages)
        .set({ status: giveUp ? 'failed' : 'pending', lastError: error.slice(0, 500), leaseUntil: null })
        .where(and(eq(outboundMessages.id, id), or(eq(outboundMessages.status, 'sending'), eq(outboundMessages.status, 'pending'))));
    },
    async markRefundDone({ id, provider, refundId, providerStatus, at, paymentIntentId, amountJpy }) {
      await db
        .update(refunds)
        .set({ status: 'done', provider, refundId, providerStatus, completedAt: at, leaseUntil: null, error: null, ...(paymentIntentId ? { paymentIntentId } : {}), ...(amountJpy ? { amountJpy } : {}) })
        .where(eq(refunds.id, id));
    },
    async markRefundFailed({ id, error, giveUp }) {
      await db
        .update(refunds)
        .set({ status: giveUp ? 'failed' : 'pending', error: error.slice(0, 500), leaseUntil: null })
        .where(and(eq(refunds.id, id), inArray(refunds.status, ['sending', 'pending'])));
    },

    async closeLink({ id, from, status, paymentIntentId }) {
      const [row] = await db
        .update(paymentLinks)
        .set({ status, ...(paymentIntentId ? { paymentIntentId } : {}) })
        .where(and(eq(paymentLinks.id, id), inArray(paymentLinks.status, from)))
        .returning();
      return row;
    },
    async liveLinksExcept({ reservationId, exceptId }) {
      return db
        .select()
        .from(paymentLinks)
        .where(and(eq(paymentLinks.reservationId, reservationId), ne(paymentLinks.id, exceptId), inArray(paymentLinks.status, ['pending', 'created', 'open'])))
        .orderBy(asc(paymentLinks.id));
    },
    async overdueLinkIds(now) {
      const rows = await db
        .select({ id: paymentLinks.id })
        .from(paymentLinks)
        .where(and(eq(paymentLinks.status, 'open'), lte(paymentLinks.expiresAt, now)))
        .orderBy(asc(paymentLinks.id));
      return rows.map((r) => r.id);
    },
    async linksForRefund(reservationId) {
      return db
        .select()
        .from(paymentLinks)
        .where(and(eq(paymentLinks.reservationId, reservationId), isNotNull(paymentLinks.sessionId)))
        .orderBy(sql`${paymentLinks.paymentIntentId} is null`, desc(paymentLinks.id));
    },
    async findMessage(id) {
      const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
      return row;
    },
    async findRefund(id) {
      const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
      return row;
    },

    async retryFailed(alertId) {
      const m = await db
        .update(outboundMessages)
        .set({ status: 'pending', tries: 0, leaseUntil: null })
        .where(and(eq(outboundMessages.alertId, alertId), eq(outboundMessages.status, 'failed')))
        .returning({ id: outboundMessages.id });
      const r = await db
        .update(refunds)
        .set({ status: 'pending', tries: 0, leaseUntil: null })
        .where(and(eq(refunds.alertId, alertId), eq(refunds.status, 'failed')))
        .returning({ id: refunds.id });
      return m.length + r.length;
    },
    async replaceFailedLinkMessages(alertId) {
      const rows = await db
        .update(outboundMessages)
        .set({ status: 'replaced', leaseUntil: null })
        .where(and(eq(outboundMessages.alertId, alertId), eq(outboundMessages.status, 'failed'), isNotNull(outboundMessages.paymentLinkId)))
        .returning({ id: outboundMessages.id });
      return rows.length;
    },
    async doneRefundFor(paymentIntentId) {
      const [row] = await db
        .select()
        .from(refunds)
        .where(and(eq(refunds.paymentIntentId, paymentIntentId), eq(refunds.status, 'done')))
        .orderBy(asc(refunds.id))
        .limit(1);
      return row;
    },

    listForAlert,
  };
}
