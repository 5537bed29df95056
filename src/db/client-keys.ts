import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * The lookup key of a stored phone number (same as phoneLookupKey in src/domain/client-query.ts):
 * full-width digits and plus folded, everything but digits and `+` dropped, `+81` → `0`.
 * The expression indexes on reservations use exactly this text, so lookups can use them.
 */
export const phoneKeySql = (column: AnyColumn): SQL =>
  sql`regexp_replace(regexp_replace(translate(${column}, '０１２３４５６７８９＋', '0123456789+'), '[^0-9+]', '', 'g'), '^\\+81', '0')`;

/** E-mail addresses compare case-insensitively. */
export const emailKeySql = (column: AnyColumn): SQL => sql`lower(${column})`;
