import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { emailKeySql, phoneKeySql } from '../db/client-keys.js';
import { batched } from '../db/batched.js';
import { prepared } from '../db/prepared.js';
import { callAttempts, reservations, shops, type CallAttempt, type Reservation, type Shop } from '../db/schema.js';

export type ReservationChanges = Partial<
  Pick<Reservation, 'status' | 'startsAt' | 'endsAt' | 'service' | 'clientPhone' | 'clientEmail' | 'shopId' | 'amountJpy'>
>;

export interface ReservationsRepository {
  findById(id: string): Promise<Reservation | undefined>;
  findShop(id: string): Promise<Shop | undefined>;
  /** These reservations, newest first (unknown IDs left out). */
  findManyByIds(ids: string[]): Promise<Reservation[]>;
  /** A client's reservations, newest first, by phone lookup key (src/domain/client-query.ts) or e-mail. */
  findByClient(input: { phoneKey: string } | { email: string }, limit: number): Promise<Reservation[]>;
  /** The shops called for the reservation, each once, in the order they were first called (one statement for the callers of a burst). */
  listCalledShops(reservationId: string): Promise<Shop[]>;
  /** Reads the reservation and locks its row until the transaction ends. */
  lock(id: string): Promise<Reservation | undefined>;
  /** Compare-and-set: applies the changes only while the status is still `expectedStatus`. */
  updateIfStatus(input: { id: string; expectedStatus: string; changes: ReservationChanges; at: Date }): Promise<Reservation | undefined>;
  /** Stores the client's PaymentIntent once known (never overwrites the one the core wrote). */
  setPaymentIntent(input: { id: string; paymentIntentId: string }): Promise<void>;
  /** Changes the outcome of the latest attempt with that shop whose outcome is one of `from`. */
  setAttemptOutcome(input: { reservationId: string; shopId: string; from: string[]; to: string }): Promise<CallAttempt | undefined>;
  /** Records calls made by an operator (e.g. 全店NG A 候補), in the caller's transaction. */
  addCallAttempts(rows: Array<{ reservationId: string; shopId: string; round: 1 | 2; outcome: string; note: string | null }>): Promise<CallAttempt[]>;
}

export function createReservationsRepository({ db }: { db: Queryable }): ReservationsRepository {
  return {
    async findById(id) {
      const query = prepared(db, 'qrv_reservation_by_id', () => db.select().from(reservations).where(eq(reservations.id, sql.placeholder('id'))).prepare('qrv_reservation_by_id'));
      const [row] = await query.execute({ id });
      return row;
    },
    async findShop(id) {
      const query = prepared(db, 'qrv_shop_by_id', () => db.select().from(shops).where(eq(shops.id, sql.placeholder('id'))).prepare('qrv_shop_by_id'));
      const [row] = await query.execute({ id });
      return row;
    },
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      return db.select().from(reservations).where(inArray(reservations.id, ids)).orderBy(desc(reservations.createdAt), desc(reservations.id));
    },
    async findByClient(input, limit) {
      const where =
        'phoneKey' in input
          ? eq(phoneKeySql(reservations.clientPhone), input.phoneKey)
          : eq(emailKeySql(reservations.clientEmail), input.email.toLowerCase());
      return db.select().from(reservations).where(where).orderBy(desc(reservations.createdAt), desc(reservations.id)).limit(limit);
    },
    async listCalledShops(reservationId) {
      // Batched across callers (src/db/batched.ts), as the A form's other reads.
      const shopsOf = batched(db, 'called_shops', async (ids: readonly string[]) => {
        const rows = await db
          .select({ reservationId: callAttempts.reservationId, shop: shops })
          .from(callAttempts)
          .innerJoin(shops, eq(shops.id, callAttempts.shopId))
          .where(inArray(callAttempts.reservationId, [...ids]))
          .orderBy(asc(callAttempts.round), asc(callAttempts.createdAt), asc(callAttempts.id));
        const called = new Map<string, Map<string, Shop>>();
        for (const { reservationId: id, shop } of rows) {
          const of = called.get(id) ?? new Map<string, Shop>();
          if (!of.has(shop.id)) of.set(shop.id, shop);
          called.set(id, of);
        }
        return new Map([...called].map(([id, of]) => [id, [...of.values()]]));
      });
      return (await shopsOf(reservationId)) ?? [];
    },
    async lock(id) {
      const [row] = await db.select().from(reservations).where(eq(reservations.id, id)).for('update');
      return row;
    },
    async updateIfStatus({ id, expectedStatus, changes, at }) {
      const [row] = await db
        .update(reservations)
        .set({ ...changes, updatedAt: at })
        .where(and(eq(reservations.id, id), eq(reservations.status, expectedStatus)))
        .returning();
      return row;
    },
    async setPaymentIntent({ id, paymentIntentId }) {
      await db.update(reservations).set({ paymentIntentId }).where(and(eq(reservations.id, id), isNull(reservations.paymentIntentId)));
    },
    async setAttemptOutcome({ reservationId, shopId, from, to }) {
      const [latest] = await db
        .select({ id: callAttempts.id })
        .from(callAttempts)
        .where(and(eq(callAttempts.reservationId, reservationId), eq(callAttempts.shopId, shopId), inArray(callAttempts.outcome, from)))
        .orderBy(desc(callAttempts.createdAt), desc(callAttempts.id))
        .limit(1);
      if (!latest) return undefined;
      const [row] = await db.update(callAttempts).set({ outcome: to }).where(eq(callAttempts.id, latest.id)).returning();
      return row;
    },
    async addCallAttempts(rows) {
      if (rows.length === 0) return [];
      return db.insert(callAttempts).values(rows).returning();
    },
  };
}
