import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { callAttempts, reservations, shops, type CallAttempt, type Reservation, type Shop } from '../db/schema.js';

export interface ReservationsRepository {
  findById(id: string): Promise<Reservation | undefined>;
  findShop(id: string): Promise<Shop | undefined>;
  listCallAttempts(reservationId: string): Promise<Array<CallAttempt & { shopName: string | null }>>;
}

export function createReservationsRepository({ db }: { db: Queryable }): ReservationsRepository {
  return {
    async findById(id) {
      const [row] = await db.select().from(reservations).where(eq(reservations.id, id));
      return row;
    },
    async findShop(id) {
      const [row] = await db.select().from(shops).where(eq(shops.id, id));
      return row;
    },
    async listCallAttempts(reservationId) {
      const rows = await db
        .select({ attempt: callAttempts, shopName: shops.name })
        .from(callAttempts)
        .leftJoin(shops, eq(shops.id, callAttempts.shopId))
        .where(eq(callAttempts.reservationId, reservationId))
        .orderBy(asc(callAttempts.round), asc(callAttempts.createdAt), asc(callAttempts.id));
      return rows.map((r) => ({ ...r.attempt, shopName: r.shopName }));
    },
  };
}
