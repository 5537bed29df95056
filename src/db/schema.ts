import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { emailKeySql, phoneKeySql } from './client-keys.js';
import { ALERT_KIND_NAMES } from '../domain/alert-kinds.js';
import { createdAt, id } from './columns.js';
import { outboundMessages, paymentLinks, refunds } from './schema-outbox.js';
import { alertStorms, incidentAlerts, incidents, incidentSteps } from './schema-incidents.js';


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
    /** 対象外 (manual §8.2 提携店リスト更新): an unlisted shop the operators decided not to add (who, when). */
    excludedAt: timestamp('excluded_at', { withTimezone: true }),
    excludedBy: text('excluded_by'),
  },
  (t) => [check('shops_id_format', sql`${t.id} ~ '^SHOP-[0-9]{3,}$'`), index('shops_unlisted_idx').on(t.createdAt).where(sql`${t.listed} = false`)],
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
    /** Contract v2: the Stripe PaymentIntent of the client's payment, written by whichever side took it. */
    paymentIntentId: text('payment_intent_id'),
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
    // Covering (index-only) for counts by status and day, and for the successful reservations' IDs.
    index('reservations_created_status_idx').on(t.createdAt, t.status, t.id),
    index('reservations_starts_status_idx').on(t.startsAt, t.status),
    // /qrv status by a client's phone number or e-mail (src/db/client-keys.ts).
    index('reservations_client_phone_key_idx').on(phoneKeySql(t.clientPhone)),
    index('reservations_client_email_key_idx').on(emailKeySql(t.clientEmail)),
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
    /** Reminders sent past the deadline (0 none, 1 at the deadline, 2 at twice the deadline): the escalation CAS. */
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /**
     * What the procedure sent or refunded came to (src/domain/alert-state.ts): null nothing to send,
     * sending (送信中), delivered (✅ 完了), failed (要再対応: the alert is open again).
     */
    deliveryState: text('delivery_state'),
    /** Why the delivery failed, in Japanese (the ⚠️ line of 要再対応). */
    deliveryError: text('delivery_error'),
    /** A repeat of an open alert (same reservation and kind): posted in its thread, resolved with it. */
    duplicateOf: bigint('duplicate_of', { mode: 'number' }),
    /** How many repeats were threaded into this alert. */
    repeats: integer('repeats').notNull().default(0),
    /** The first time an operator opened the alert's procedure or claimed it: 所要時間 counts from here (kept across hand-overs). */
    firstOpenedAt: timestamp('first_opened_at', { withTimezone: true }),
    /** 保留: until when (the deadline reminder waits; the assignee is reminded then) and why. */
    holdUntil: timestamp('hold_until', { withTimezone: true }),
    holdReason: text('hold_reason'),
    /** The message's permalink (chat.getPermalink), stored once after posting, for the queue. */
    permalink: text('permalink'),
    /**
     * A system alert received on /hooks/…: the event's identity (`pingdom:<check>:<state>:<time>`,
     * `sns:<MessageId>`, …). Unique: the same event delivered twice is one alert, across instances.
     */
    ingestKey: text('ingest_key'),
    /** The monitored check or alarm (`pingdom:<check_id>`, `cloudwatch:<alarm>`): its UP / OK resolves the open alert. */
    ingestCheck: text('ingest_check'),
    /**
     * The last `history` row of this alert that Slack shows (message re-rendered, thread note
     * posted): the alert-sync job (src/slack/alert-sync.ts) brings Slack up to the newest row.
     */
    slackSyncedHistoryId: bigint('slack_synced_history_id', { mode: 'number' }),
  },
  (t) => [
    check(
      'alerts_kind_known',
      // The kinds of the alert table (src/domain/alert-kinds.ts): a new kind there changes this check (npm run db:generate).
      sql`${t.kind} in (${sql.raw(ALERT_KIND_NAMES.map((k) => `'${k}'`).join(','))})`,
    ),
    index('alerts_unposted_idx').on(t.id).where(sql`${t.slackTs} is null`),
    index('alerts_reservation_idx').on(t.reservationId),
    index('alerts_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} is null`),
    index('alerts_created_kind_idx').on(t.createdAt, t.kind),
    check('alerts_delivery_state', sql`${t.deliveryState} in ('sending','delivered','failed')`),
    uniqueIndex('alerts_ingest_key_uq').on(t.ingestKey),
    // One open alert per monitored check: a second DOWN while it is open is the same outage.
    uniqueIndex('alerts_ingest_check_open_uq').on(t.ingestCheck).where(sql`${t.resolvedAt} is null`),
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

export * from './schema-outbox.js';

/** 問い合わせ recorded by operators (manual §2.2, counted at 18:00). */
export const inquiries = pgTable(
  'inquiries',
  {
    id: id(),
    summary: text('summary').notNull(),
    reservationId: text('reservation_id'),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('inquiries_created_idx').on(t.createdAt)],
);

export * from './schema-incidents.js';

/** 特記事項 of one working day (manual §2.3), written from the 18:00 post. */
export const dailyNotes = pgTable('daily_notes', {
  day: date('day').primaryKey(),
  note: text('note').notNull(),
  actor: text('actor').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 週次・月次メンテナンス (manual §8.2 ログ確認, §8.3 データベースバックアップ確認 / 脆弱性スキャン):
 * one row per task and period (`2026-12-04` for the week from that Friday, `2026-12` for a month),
 * inserted once when an operator records 完了 (the primary key is the compare-and-set).
 */
export const maintenanceRecords = pgTable(
  'maintenance_records',
  {
    task: text('task').notNull(),
    period: text('period').notNull(),
    doneBy: text('done_by').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull(),
    /** The optional note given with 完了 (null: none). */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.task, t.period] })],
);

/**
 * One row per scheduled post slot (e.g. `morning:2026-11-30`): inserting the slot is the claim,
 * so several instances post it once; a claim whose post failed is retaken after its lease.
 */
export const scheduledPosts = pgTable('scheduled_posts', {
  slot: text('slot').primaryKey(),
  kind: text('kind').notNull(),
  scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull(),
  late: boolean('late').notNull().default(false),
  owner: text('owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  postedAt: timestamp('posted_at', { withTimezone: true }),
  channel: text('channel'),
  ts: text('ts'),
  createdAt: createdAt(),
});

/**
 * Thread notes that do not come from an alert's history (delivery results, reminders, outcome
 * steps), waiting for the alert-sync job to post them in order; `slack_ts` once posted.
 */
export const alertNotes = pgTable(
  'alert_notes',
  {
    id: id(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alerts.id),
    text: text('text').notNull(),
    createdAt: createdAt(),
    slackTs: text('slack_ts'),
  },
  (t) => [index('alert_notes_pending_idx').on(t.alertId, t.id).where(sql`${t.slackTs} is null`)],
);

/** Who opened the App Home tab lately: their open-work queue is republished when an alert changes. */
export const homeViewers = pgTable('home_viewers', {
  userId: text('user_id').primaryKey(),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
});

export const schema = {
  shops,
  reservations,
  callAttempts,
  alerts,
  operationRecords,
  history,
  inquiries,
  incidents,
  incidentSteps,
  incidentAlerts,
  dailyNotes,
  maintenanceRecords,
  scheduledPosts,
  homeViewers,
  alertNotes,
  paymentLinks,
  outboundMessages,
  refunds,
};

export type Shop = typeof shops.$inferSelect;
export type Reservation = typeof reservations.$inferSelect;
export type CallAttempt = typeof callAttempts.$inferSelect;
export type Alert = typeof alerts.$inferSelect;
export type OperationRecord = typeof operationRecords.$inferSelect;
export type HistoryEntry = typeof history.$inferSelect;
export type AlertNote = typeof alertNotes.$inferSelect;
export type Inquiry = typeof inquiries.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type AlertStorm = typeof alertStorms.$inferSelect;
export type IncidentStep = typeof incidentSteps.$inferSelect;
export type DailyNote = typeof dailyNotes.$inferSelect;
export type ScheduledPost = typeof scheduledPosts.$inferSelect;
export type MaintenanceRecord = typeof maintenanceRecords.$inferSelect;
