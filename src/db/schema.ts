import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();

// ---------------------------------------------------------------------------
// Contract with the QRV core (SPEC §2). Keep these names; every column the bot
// adds has a default so that the core's inserts stay valid.
// ---------------------------------------------------------------------------

export const shops = pgTable(
  'shops',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    area: text('area').notNull().default(''),
    listed: boolean('listed').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check('shops_id_format', sql`${t.id} ~ '^SHOP-[0-9]{3,}$'`)],
);

export const reservations = pgTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    service: text('service').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    address: text('address').notNull(),
    clientPhone: text('client_phone').notNull(),
    clientEmail: text('client_email'),
    status: text('status').notNull(),
    shopId: text('shop_id').references(() => shops.id),
    amountJpy: integer('amount_jpy'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('reservations_id_format', sql`${t.id} ~ '^QRV-[A-Z0-9]{6}$'`),
    check(
      'reservations_status_known',
      sql`${t.status} in ('received','calling','calling_success','payment_pending','confirmed','calling_failed','failed','payment_expired','cancelled','completed')`,
    ),
    index('reservations_status_idx').on(t.status),
    index('reservations_starts_at_idx').on(t.startsAt),
    index('reservations_created_at_idx').on(t.createdAt),
  ],
);

export const callAttempts = pgTable(
  'call_attempts',
  {
    id: id(),
    reservationId: text('reservation_id')
      .notNull()
      .references(() => reservations.id),
    shopId: text('shop_id')
      .notNull()
      .references(() => shops.id),
    round: smallint('round').notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    check('call_attempts_round', sql`${t.round} in (1, 2)`),
    check('call_attempts_outcome', sql`${t.outcome} in ('ok','ng','ambiguous','change_request','no_answer')`),
    index('call_attempts_reservation_idx').on(t.reservationId, t.createdAt),
  ],
);

/**
 * The core inserts kind, reservation_id and details. Everything else is the bot's:
 * the posting lease (exactly-once posting), the Slack message, the claim and the resolution.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    kind: text('kind').notNull(),
    reservationId: text('reservation_id').references(() => reservations.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    /** The reservation's status when the alert was raised (set by a trigger): the compare-and-set expectation. */
    expectedStatus: text('expected_status'),
    postLeaseOwner: text('post_lease_owner'),
    postLeaseUntil: timestamp('post_lease_until', { withTimezone: true }),
    postAttempts: integer('post_attempts').notNull().default(0),
    postError: text('post_error'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    assignee: text('assignee'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    outcome: text('outcome'),
  },
  (t) => [
    check(
      'alerts_kind_known',
      sql`${t.kind} in ('sms_failed','system','all_shops_ng','ambiguous_answer','change_request','late_cancel','payment_expired')`,
    ),
    index('alerts_unposted_idx').on(t.id).where(sql`${t.slackTs} is null`),
    index('alerts_reservation_idx').on(t.reservationId),
    index('alerts_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} is null`),
  ],
);

// ---------------------------------------------------------------------------
// The bot's own tables.
// ---------------------------------------------------------------------------

/** What the operator did (対応内容), how long it took (所要時間) and the outcome (結果): manual §3 手順4. */
export const operationRecords = pgTable(
  'operation_records',
  {
    id: id(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id),
    reservationId: text('reservation_id').references(() => reservations.id),
    procedure: text('procedure').notNull(),
    summary: text('summary').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    result: text('result').notNull(),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('operation_records_alert_uq').on(t.alertId), index('operation_records_reservation_idx').on(t.reservationId)],
);

/** Append-only log of every change the bot makes (a trigger refuses UPDATE and DELETE). */
export const history = pgTable(
  'history',
  {
    id: id(),
    reservationId: text('reservation_id'),
    alertId: bigint('alert_id', { mode: 'number' }),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
    createdAt: createdAt(),
  },
  (t) => [index('history_reservation_idx').on(t.reservationId, t.createdAt), index('history_alert_idx').on(t.alertId)],
);

// ---------------------------------------------------------------------------
// The outbox: what a procedure must send, written in the same transaction as the
// status change, delivered after commit through the ports (src/ports) by src/delivery.
// A unique idempotency key per step makes a double submit insert nothing twice.
// ---------------------------------------------------------------------------

/** A payment link (Stripe Checkout Session): created at delivery time; its 10-minute deadline starts when sent. */
export const paymentLinks = pgTable(
  'payment_links',
  {
    id: id(),
    reservationId: text('reservation_id')
      .notNull()
      .references(() => reservations.id),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    amountJpy: integer('amount_jpy').notNull(),
    description: text('description').notNull(),
    /** pending (not created yet) | created | open (sent, deadline running) | complete | expired */
    status: text('status').notNull().default('pending'),
    provider: text('provider'),
    sessionId: text('session_id'),
    url: text('url'),
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
    /** pending | sending (leased by a deliverer) | sent | failed (gave up) */
    status: text('status').notNull().default('pending'),
    provider: text('provider'),
    providerId: text('provider_id'),
    providerStatus: text('provider_status'),
    tries: integer('tries').notNull().default(0),
    lastError: text('last_error'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    requestedBy: text('requested_by').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbound_messages_idempotency_uq').on(t.idempotencyKey),
    index('outbound_messages_reservation_idx').on(t.reservationId),
    index('outbound_messages_pending_idx').on(t.id).where(sql`${t.status} in ('pending','sending')`),
    check('outbound_messages_channel', sql`${t.channel} in ('sms','email')`),
    check('outbound_messages_status', sql`${t.status} in ('pending','sending','sent','failed')`),
  ],
);

/** A refund of a reservation's payment (late cancellation accepted by the shop). */
export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    reservationId: text('reservation_id')
      .notNull()
      .references(() => reservations.id),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    amountJpy: integer('amount_jpy').notNull(),
    /** pending | sending | done | failed */
    status: text('status').notNull().default('pending'),
    provider: text('provider'),
    refundId: text('refund_id'),
    providerStatus: text('provider_status'),
    tries: integer('tries').notNull().default(0),
    error: text('error'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    requestedBy: text('requested_by').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refunds_idempotency_uq').on(t.idempotencyKey),
    index('refunds_reservation_idx').on(t.reservationId),
    check('refunds_status', sql`${t.status} in ('pending','sending','done','failed')`),
    check('refunds_amount', sql`${t.amountJpy} > 0`),
  ],
);

export const schema = { shops, reservations, callAttempts, alerts, operationRecords, history, paymentLinks, outboundMessages, refunds };

export type Shop = typeof shops.$inferSelect;
export type Reservation = typeof reservations.$inferSelect;
export type CallAttempt = typeof callAttempts.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type OperationRecord = typeof operationRecords.$inferSelect;
export type HistoryEntry = typeof history.$inferSelect;
export type PaymentLink = typeof paymentLinks.$inferSelect;
export type OutboundMessage = typeof outboundMessages.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
