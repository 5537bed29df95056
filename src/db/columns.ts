import { bigint, integer, text, timestamp } from 'drizzle-orm/pg-core';

/** Columns every table of the bot repeats. */
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();

/**
 * The columns of an outbox row sent by a delivery job (an SMS/e-mail, a refund): who asked, its
 * idempotency key, the provider's answer, and the lease and tries of the job that sends it.
 */
export const deliveryColumns = () => ({
  status: text('status').notNull().default('pending'),
  provider: text('provider'),
  providerStatus: text('provider_status'),
  tries: integer('tries').notNull().default(0),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  requestedBy: text('requested_by').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  createdAt: createdAt(),
});
