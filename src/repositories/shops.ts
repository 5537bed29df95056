import { and, asc, desc, eq, ilike, isNull, notInArray, or, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { callAttempts, shops, type Shop } from '../db/schema.js';
import { DomainError } from '../errors.js';

export interface ShopsRepository {
  /** A shop with the same phone number, whatever its punctuation (03-1234-5678 = 0312345678). */
  findByPhone(phone: string): Promise<Shop | undefined>;
  /** Registers a shop an operator found (listed = false) under the next free SHOP-NNN id. */
  register(input: { name: string; phone: string; area: string }): Promise<Shop>;
  findById(id: string): Promise<Shop | undefined>;
  /** By name or area (substring, case-insensitive), listed shops last; at most `limit`. */
  search(text: string, limit: number): Promise<Shop[]>;
  /** How often the shop was called, by outcome, and for how many reservations. */
  callCounts(id: string): Promise<{ total: number; reservations: number; byOutcome: Record<string, number> }>;
  /**
   * 全店NG A candidates: unlisted shops, not 対象外, whose area contains one of `areas`, except
   * `except`; those of the first area first, then the next (each oldest first). One query.
   */
  candidates(input: { areas: readonly string[]; except: string[]; limit: number }): Promise<Shop[]>;
  /** Unlisted shops not yet 対象外 (the 提携店リスト更新 to-do), newest first, and how many there are. */
  pendingUnlisted(limit: number): Promise<{ shops: Shop[]; total: number }>;
  update(id: string, changes: Partial<Pick<Shop, 'name' | 'phone' | 'area'>>): Promise<Shop | undefined>;
  /** 提携店リストに追加: compare-and-set on listed = false. */
  promote(id: string): Promise<Shop | undefined>;
  /** 対象外: an unlisted shop, not excluded yet (compare-and-set). */
  exclude(input: { id: string; userId: string; at: Date }): Promise<Shop | undefined>;
}

/** `%`, `_` and `\` typed by the operator match themselves in ILIKE. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

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

    async findById(id) {
      const [row] = await db.select().from(shops).where(eq(shops.id, id));
      return row;
    },

    async search(text, limit) {
      const pattern = likePattern(text);
      return db
        .select()
        .from(shops)
        .where(or(ilike(shops.name, pattern), ilike(shops.area, pattern)))
        .orderBy(asc(shops.listed), asc(shops.id))
        .limit(limit);
    },

    async callCounts(id) {
      const rows = await queryRows<{ outcome: string; n: number; reservations: number }>(
        db,
        sql`select outcome, count(*)::int as n, count(distinct reservation_id)::int as reservations from ${callAttempts} where shop_id = ${id} group by rollup(outcome)`,
      );
      const total = rows.find((r) => r.outcome === null);
      return {
        total: Number(total?.n ?? 0),
        reservations: Number(total?.reservations ?? 0),
        byOutcome: Object.fromEntries(rows.filter((r) => r.outcome !== null).map((r) => [r.outcome, Number(r.n)])),
      };
    },

    async candidates({ areas, except, limit }) {
      if (areas.length === 0) return [];
      const matches = areas.map((area) => ilike(shops.area, likePattern(area)));
      const conditions = [eq(shops.listed, false), isNull(shops.excludedAt), or(...matches)];
      if (except.length) conditions.push(notInArray(shops.id, except));
      // The first area the shop's matches ranks it (a shop in two areas counts for the nearer one).
      const rank = sql`case ${sql.join(matches.map((m, i) => sql`when ${m} then ${i}`), sql` `)} end`;
      return db.select().from(shops).where(and(...conditions)).orderBy(rank, asc(shops.createdAt), asc(shops.id)).limit(limit);
    },

    async pendingUnlisted(limit) {
      const where = and(eq(shops.listed, false), isNull(shops.excludedAt));
      const [rows, [count]] = await Promise.all([
        db.select().from(shops).where(where).orderBy(desc(shops.createdAt), desc(shops.id)).limit(limit),
        db.select({ n: sql<number>`count(*)::int` }).from(shops).where(where),
      ]);
      return { shops: rows, total: Number(count?.n ?? 0) };
    },

    async update(id, changes) {
      const [row] = await db.update(shops).set(changes).where(eq(shops.id, id)).returning();
      return row;
    },

    async promote(id) {
      const [row] = await db.update(shops).set({ listed: true, excludedAt: null, excludedBy: null }).where(and(eq(shops.id, id), eq(shops.listed, false))).returning();
      return row;
    },

    async exclude({ id, userId, at }) {
      const [row] = await db
        .update(shops)
        .set({ excludedAt: at, excludedBy: userId })
        .where(and(eq(shops.id, id), eq(shops.listed, false), isNull(shops.excludedAt)))
        .returning();
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
