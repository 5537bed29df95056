import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { shops, type Shop } from '../db/schema.js';
import { DomainError } from '../errors.js';

export interface ShopsRepository {
  /** A shop with the same phone number, whatever its punctuation (03-1234-5678 = 0312345678). */
  findByPhone(phone: string): Promise<Shop | undefined>;
  /** Registers a shop an operator found (listed = false) under the next free SHOP-NNN id. */
  register(input: { name: string; phone: string; area: string }): Promise<Shop>;
}

const digits = (phone: string) => phone.replace(/\D/g, '');
const MAX_TRIES = 5;

export function createShopsRepository({ db }: { db: Queryable }): ShopsRepository {
  return {
    async findByPhone(phone) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`select id from shops where regexp_replace(phone, '[^0-9]', '', 'g') = ${digits(phone)} order by id limit 1`,
      );
      if (!rows[0]) return undefined;
      const [row] = await db.select().from(shops).where(sql`${shops.id} = ${rows[0].id}`);
      return row;
    },

    async register({ name, phone, area }) {
      // The core may insert a shop with the same id meanwhile: retry with the next number,
      // inside a savepoint so that the surrounding transaction survives the violation.
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction(async (sp) => {
            const [next] = await queryRows<{ n: number }>(
              sp,
              sql`select coalesce(max(substring(id from 6)::int), 0) + 1 as n from shops where id ~ '^SHOP-[0-9]{3,}$'`,
            );
            const id = `SHOP-${String(Number(next!.n)).padStart(3, '0')}`;
            const [row] = await sp.insert(shops).values({ id, name, phone, area, listed: false }).returning();
            return row!;
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          if (attempt >= MAX_TRIES) throw new DomainError('SHOP_ID_CONFLICT', '店舗IDを採番できませんでした。もう一度お試しください。');
        }
      }
    },
  };
}
