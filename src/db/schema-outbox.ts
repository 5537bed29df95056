import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, deliveryColumns, id } from './columns.js';
import { alerts, incidents, reservations } from './schema.js';

// Part of schema.ts (which re-exports it): import these tables from './schema.js', never from
// this file directly, so that schema.ts is always evaluated around it.


// ---------------------------------------------------------------------------
// The outbox: what a procedure must send, written in the same transaction as the
// status change, delivered after commit through the ports (src/ports) by src/delivery.
// A unique idempotency key per step makes a double submit insert nothing twice.
// ---------------------------------------------------------------------------

/** What a payment link and a refund both name: the reservation, the alert it came from, the amount. */
const chargeColumns = () => ({
  reservationId: text('reservation_id')
    .notNull()
    .references(() => reservations.id),
  alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
  amountJpy: integer('amount_jpy').notNull(),
});

/** A payment link (Stripe Checkout Session): created at delivery time; its 10-minute deadline starts when sent. */
export const paymentLinks = pgTable(
  'payment_links',
  {
    id: id(),
    ...chargeColumns(),
    description: text('description').notNull(),
    /** pending (not created yet) | created | open (sent, deadline running) | complete (paid) | expired (deadline, or superseded by a newer link) */
    status: text('status').notNull().default('pending'),
    provider: text('provider'),
    sessionId: text('session_id'),
    url: text('url'),
    /** The PaymentIntent of a paid session (Stripe pi_…): what a refund refunds. */
    paymentIntentId: text('payment_intent_id'),
    error: text('error'),
    requestedBy: text('requested_by').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payment_links_idempotency_uq').on(t.idempotencyKey),
    index('payment_links_reservation_idx').on(t.reservationId),
    index('payment_links_open_idx').on(t.expiresAt).where(sql`${t.status} = 'open'`),
    check('payment_links_status', sql`${t.status} in ('pending','created','open','complete','expired')`),
    check('payment_links_amount', sql`${t.amountJpy} > 0`),
  ],
);

/** An SMS or e-mail to a client. `{{payment_url}}` in body/html is filled in from its payment link at delivery. */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: id(),
    reservationId: text('reservation_id').references(() => reservations.id),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    html: text('html'),
    paymentLinkId: bigint('payment_link_id', { mode: 'number' }).references(() => paymentLinks.id),
    /** A status SMS sent from a declared incident (manual §7.2 依頼者に状況説明SMS送信). */
    incidentId: bigint('incident_id', { mode: 'number' }).references(() => incidents.id),
    /** status: pending | sending (leased by a deliverer) | sent | failed (gave up) | replaced (the operator chose another contact) */
    ...deliveryColumns(),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** An e-mail answering another (返信する on an inquiry): its In-Reply-To and References headers. */
    inReplyTo: text('in_reply_to'),
    references: text('references'),
  },
  (t) => [
    uniqueIndex('outbound_messages_idempotency_uq').on(t.idempotencyKey),
    index('outbound_messages_reservation_idx').on(t.reservationId),
    index('outbound_messages_incident_idx').on(t.incidentId).where(sql`${t.incidentId} is not null`),
    index('outbound_messages_pending_idx').on(t.id).where(sql`${t.status} in ('pending','sending')`),
    check('outbound_messages_channel', sql`${t.channel} in ('sms','email')`),
    check('outbound_messages_status', sql`${t.status} in ('pending','sending','sent','failed','replaced')`),
  ],
);

/** A refund of a reservation's payment (late cancellation accepted by the shop). */
export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    ...chargeColumns(),
    /** status: pending | sending | done | failed */
    ...deliveryColumns(),
    refundId: text('refund_id'),
    /** The PaymentIntent refunded (one refund per payment, whatever the alert). */
    paymentIntentId: text('payment_intent_id'),
    error: text('error'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refunds_idempotency_uq').on(t.idempotencyKey),
    index('refunds_reservation_idx').on(t.reservationId),
    check('refunds_status', sql`${t.status} in ('pending','sending','done','failed')`),
    check('refunds_amount', sql`${t.amountJpy} > 0`),
  ],
);

export type PaymentLink = typeof paymentLinks.$inferSelect;
export type OutboundMessage = typeof outboundMessages.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
