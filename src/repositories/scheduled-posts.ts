import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { scheduledPosts, type ScheduledPost } from '../db/schema.js';

/** scheduled_posts: the unique slot is the claim; a lease lets a failed post be retried. */
export interface ScheduledPostsRepository {
  /**
   * Inserts the slot, or retakes it when an earlier claim neither posted nor kept its lease.
   * True: this owner posts it now. False: posted already, or another instance holds it.
   */
  claim(input: { slot: string; kind: string; scheduledFor: Date; late: boolean; owner: string; leaseMs: number }): Promise<boolean>;
  markPosted(input: { slot: string; owner: string; channel: string; ts: string }): Promise<boolean>;
  release(input: { slot: string; owner: string; error: string; retryInMs: number }): Promise<void>;
  find(slot: string): Promise<ScheduledPost | undefined>;
}

export function createScheduledPostsRepository({ db }: { db: Queryable }): ScheduledPostsRepository {
  return {
    async claim({ slot, kind, scheduledFor, late, owner, leaseMs }) {
      const rows = await queryRows<{ slot: string }>(db, sql`
        insert into scheduled_posts (slot, kind, scheduled_for, late, owner, lease_until, attempts)
        values (${slot}, ${kind}, ${scheduledFor.toISOString()}::timestamptz, ${late}, ${owner},
                now() + make_interval(secs => ${leaseMs / 1000}), 1)
        on conflict (slot) do update
           set owner = excluded.owner, lease_until = excluded.lease_until, late = excluded.late,
               attempts = scheduled_posts.attempts + 1
         where scheduled_posts.posted_at is null and scheduled_posts.lease_until < now()
        returning slot`);
      return rows.length === 1;
    },
    async markPosted({ slot, owner, channel, ts }) {
      const rows = await db
        .update(scheduledPosts)
        .set({ postedAt: sql`now()`, channel, ts, leaseUntil: null, error: null })
        .where(and(eq(scheduledPosts.slot, slot), eq(scheduledPosts.owner, owner), isNull(scheduledPosts.postedAt)))
        .returning({ slot: scheduledPosts.slot });
      return rows.length === 1;
    },
    async release({ slot, owner, error, retryInMs }) {
      await db
        .update(scheduledPosts)
        .set({ error: error.slice(0, 500), leaseUntil: sql`now() + make_interval(secs => ${retryInMs / 1000})` })
        .where(and(eq(scheduledPosts.slot, slot), eq(scheduledPosts.owner, owner), isNull(scheduledPosts.postedAt)));
    },
    async find(slot) {
      const [row] = await db.select().from(scheduledPosts).where(eq(scheduledPosts.slot, slot));
      return row;
    },
  };
}
