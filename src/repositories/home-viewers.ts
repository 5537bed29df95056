import { gte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { homeViewers } from '../db/schema.js';

/** Users who opened the App Home tab (their queue is republished when an alert changes). */
export interface HomeViewersRepository {
  seen(input: { userId: string; at: Date }): Promise<void>;
  since(at: Date): Promise<string[]>;
}

export function createHomeViewersRepository({ db }: { db: Queryable }): HomeViewersRepository {
  return {
    async seen({ userId, at }) {
      await db
        .insert(homeViewers)
        .values({ userId, openedAt: at })
        .onConflictDoUpdate({ target: homeViewers.userId, set: { openedAt: sql`excluded.opened_at` } });
    },
    async since(at) {
      const rows = await db.select({ userId: homeViewers.userId }).from(homeViewers).where(gte(homeViewers.openedAt, at));
      return rows.map((r) => r.userId);
    },
  };
}
