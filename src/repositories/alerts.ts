import { and, eq, getTableColumns, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { PRIORITY_RANK, SEVERITY_WORDS, type PostingOrder } from '../domain/alert-kinds.js';
import type { Queryable } from '../db/client.js';
import { batched } from '../db/batched.js';
import { alertShopId } from './alert-cards.js';
import { prepared } from '../db/prepared.js';
import { alerts, operationRecords, reservations, shops, type Alert, type OperationRecord, type Reservation, type Shop } from '../db/schema.js';

/** An alert with its reservation and the shop it is about (details.shop_id when a string, else the reservation's shop). */
export interface AlertInContext {
  alert: Alert;
  reservation: Reservation | null;
  shop: Shop | null;
}

export interface AlertsRepository {
  findById(id: number): Promise<Alert | undefined>;
  /** The alert, its reservation and its shop, read without locking (a procedure form's data); one statement for the callers of a burst. */
  findInContext(id: number): Promise<AlertInContext | undefined>;
  /**
   * Takes the posting leases of up to `limit` unposted alerts nobody else holds, in one statement
   * (the dispatcher's free posting slots), in posting order: by priority (`order`: critical first),
   * then oldest first; oldest first without `order`. `mayRepeat`: an earlier posted alert of the same reservation and kind exists
   * (only then can the alert be a repeat: src/workflows/repeat-alert.ts). `openStormAlertId`: the
   * open alert storm's message then (src/workflows/storms.ts), read in the same statement.
   */
  leaseUnposted(input: { owner: string; leaseMs: number; order?: PostingOrder; limit: number }): Promise<LeasedAlert[]>;
  /** Takes the posting lease of this unposted alert if nobody holds it (a storm message, posted before its thread). */
  leaseById(input: { id: number; owner: string; leaseMs: number }): Promise<Alert | undefined>;
  /** Stores the Slack message (and its permalink when known) of an alert this owner leased; false if the lease was lost meanwhile. */
  markPosted(input: { id: number; owner: string; channel: string; ts: string; permalink?: string }): Promise<boolean>;
  /**
   * Gives the lease back after a failed post; the next try comes after `retryInMs`. `unsent`: the
   * try never reached Slack (a 429), so it is not counted and the next one does not look for its message.
   */
  releaseLease(input: { id: number; owner: string; error: string; retryInMs: number; unsent?: boolean }): Promise<void>;
  /** Compare-and-set: assigns an open, unassigned alert. Undefined when someone was first. */
  claim(input: { id: number; userId: string; at: Date }): Promise<Alert | undefined>;
  /** Reads the alert and locks its row until the transaction ends (serialises procedures on one alert). */
  lock(id: number): Promise<Alert | undefined>;
  /** Compare-and-set: resolves an open alert. Undefined when it was resolved already. */
  resolve(input: { id: number; userId: string; at: Date; outcome: string }): Promise<Alert | undefined>;
  findRecord(alertId: number): Promise<OperationRecord | undefined>;
  /** Compare-and-set: the open alert passes from `from` (null: nobody) to `to` (null: released). */
  transfer(input: { id: number; from: string | null; to: string | null; at: Date }): Promise<Alert | undefined>;
  /** Compare-and-set on an open alert: 保留 until a time with a reason (null, null: the hold ends). */
  setHold(input: { id: number; until: Date | null; reason: string | null; expectedUntil?: Date | null }): Promise<Alert | undefined>;
  /** Open alerts whose 保留 time has come. */
  listDueHolds(now: Date): Promise<Alert[]>;
  /** Every unresolved alert but repeats (the open-work queue is sorted by the caller). */
  listOpen(limit: number): Promise<Alert[]>;
  /** Stores the message's permalink (chat.getPermalink) once it is known. */
  setPermalink(input: { id: number; permalink: string }): Promise<void>;
  /** The first time the alert's procedure was opened (所要時間 starts here); later calls keep the first. */
  markOpened(input: { id: number; at: Date }): Promise<Alert | undefined>;
  /** Raises an alert as the core does (one row; the dispatcher posts it). */
  insert(input: { kind: string; reservationId: string | null; details: Record<string, unknown> }): Promise<Alert>;
  /** The procedure queued sends: 送信中 until they end. */
  markSending(id: number): Promise<void>;
  /**
   * Compare-and-set from 送信中: delivered (✅ 完了), or failed (要再対応: reopened, with the reason).
   * Undefined when the alert was not 送信中 (settled already).
   */
  settleDelivery(input: { id: number; state: 'delivered' | 'failed'; error: string | null }): Promise<Alert | undefined>;
  /** Compare-and-set from 要再対応 back to 送信中 (再試行, another contact) or to ✅ 完了 (recorded by hand). */
  reopenDelivery(input: { id: number; userId: string; at: Date; state: 'sending' | 'delivered' }): Promise<Alert | undefined>;
  /** The reservation's unresolved alerts of one kind. */
  openOfKind(input: { kind: string; reservationId: string }): Promise<Alert[]>;
  /**
   * The open (or 要再対応) alert an unposted alert repeats: same reservation and kind, earlier,
   * itself no repeat. Locks its row until the transaction ends (a resolve waits for the link).
   */
  lockOpenOriginal(input: { id: number; kind: string; reservationId: string }): Promise<Alert | undefined>;
  /**
   * Compare-and-set: links an unposted alert this owner leased to its original and bumps the
   * original's counter. Undefined when it was linked already or the lease was lost.
   */
  linkRepeat(input: { id: number; owner: string; originalId: number }): Promise<{ original: Alert; repeat: Alert } | undefined>;
}

/** A leased alert; `mayRepeat` tells whether it may repeat an open one, `openStormAlertId` the open storm's message when leased (see leaseUnposted). */
export type LeasedAlert = Alert & { mayRepeat: boolean; openStormAlertId?: number | null };

/** The posting rank of a row as SQL (ranks are our own small integers; kind names and words are parameters). */
function rankSql(order: PostingOrder): SQL {
  const when = (value: string, rank: number) => sql`when ${value} then ${sql.raw(String(Math.trunc(rank)))}`;
  const system =
    order.system === 'by_severity'
      ? sql`case lower(coalesce(details->>'severity', '')) ${sql.join(
          Object.entries(SEVERITY_WORDS).map(([word, p]) => when(word, PRIORITY_RANK[p])),
          sql` `,
        )} else ${sql.raw(String(PRIORITY_RANK.critical))} end`
      : sql.raw(String(Math.trunc(order.system)));
  const kinds = Object.entries(order.kinds).map(([kind, rank]) => when(kind, rank));
  return sql`(case when kind = 'system' then ${system} else (case kind ${sql.join(kinds, sql` `)} else ${sql.raw(String(PRIORITY_RANK.medium))} end) end)`;
}

/** One statement name per posting order (the runtime builds its order once): one SQL text per name. */
const leaseNames = new WeakMap<PostingOrder, string>();
let leaseOrders = 0;
function leaseStatementName(order: PostingOrder | undefined): string {
  if (!order) return 'qrv_lease_unposted';
  if (!leaseNames.has(order)) leaseNames.set(order, `qrv_lease_unposted_${++leaseOrders}`);
  return leaseNames.get(order)!;
}

/**
 * The lease statement (see leaseUnposted), prepared: built once per database handle and order,
 * later leases fill in the owner, the lease's length and the number of free slots.
 */
function leaseStatement(db: Queryable, order: PostingOrder | undefined) {
  const waiting = sql`
    select id from alerts a
     where slack_ts is null
       and (post_lease_until is null or post_lease_until < now())
       -- A possible repeat waits for the alert it repeats to be posted (its thread).
       and not exists (
         select 1 from alerts e
          where e.slack_ts is null and e.resolved_at is null and e.id < a.id
            and e.kind = a.kind and e.reservation_id = a.reservation_id)
     order by ${order ? sql`${rankSql(order)}, ` : sql``}id
     limit ${sql.placeholder('limit')}
     for update skip locked`;
  return db
    .update(alerts)
    .set({
      postLeaseOwner: sql`${sql.placeholder('owner')}`,
      postLeaseUntil: sql`now() + make_interval(secs => ${sql.placeholder('leaseSecs')})`,
      postAttempts: sql`${alerts.postAttempts} + 1`,
    })
    .where(sql`${alerts.id} in (${waiting})`)
    .returning({
      ...getTableColumns(alerts),
      // Spelled out: drizzle leaves RETURNING's columns unqualified, which would name o's own.
      mayRepeat: sql<boolean>`exists (
        select 1 from alerts o
         where o.kind = alerts.kind and o.reservation_id = alerts.reservation_id and o.id < alerts.id
           and o.slack_ts is not null and o.duplicate_of is null)`,
      openStormAlertId: sql<number | null>`(select s.alert_id from alert_storms s where s.open)`.mapWith(Number),
      rank: order ? sql<number>`${rankSql(order)}` : sql<number>`0`,
    })
    .prepare(leaseStatementName(order));
}

type MarkPosted = Parameters<AlertsRepository['markPosted']>[0];

/**
 * markPosted's statement, prepared: the messages of several alerts stored at once, each only while
 * its owner still holds the lease (`v`: one row per post, from parallel arrays).
 */
function markPostedStatement(db: Queryable) {
  return prepared(db, 'qrv_alerts_mark_posted', () =>
    db
      .update(alerts)
      .set({
        slackChannel: sql`v.channel`,
        slackTs: sql`v.ts`,
        postedAt: sql`now()`,
        postLeaseOwner: null,
        postLeaseUntil: null,
        postError: null,
        permalink: sql`coalesce(v.permalink, ${alerts.permalink})`,
      })
      .from(
        sql`unnest(${sql.placeholder('ids')}::bigint[], ${sql.placeholder('owners')}::text[], ${sql.placeholder('channels')}::text[], ${sql.placeholder('tss')}::text[], ${sql.placeholder('permalinks')}::text[]) as v(id, owner, channel, ts, permalink)`,
      )
      .where(sql`${alerts.id} = v.id and ${alerts.postLeaseOwner} = v.owner and ${alerts.slackTs} is null`)
      .returning({ id: alerts.id })
      .prepare('qrv_alerts_mark_posted'),
  );
}

export function createAlertsRepository({ db }: { db: Queryable }): AlertsRepository {
  /**
   * Repeats threaded into an alert are resolved (and reopened, 要再対応) with it. A separate
   * statement after the original's compare-and-set: it sees a repeat linked while that waited.
   */
  async function repeatsFollow(original: Alert | undefined): Promise<Alert | undefined> {
    if (original && original.repeats > 0) {
      await db
        .update(alerts)
        .set({ resolvedAt: original.resolvedAt, resolvedBy: original.resolvedBy, outcome: original.resolvedAt ? original.outcome : null })
        .where(eq(alerts.duplicateOf, original.id));
    }
    return original;
  }

  return {
    async findById(id) {
      const query = prepared(db, 'qrv_alert_by_id', () => db.select().from(alerts).where(eq(alerts.id, sql.placeholder('id'))).prepare('qrv_alert_by_id'));
      const [row] = await query.execute({ id });
      return row;
    },

    findInContext(id) {
      // Batched across callers (src/db/batched.ts): a burst of procedure buttons reads its forms in a few statements.
      return batched(db, 'alerts_in_context', async (ids: readonly number[]) => {
        const rows = await db
          .select({ alert: alerts, reservation: reservations, shop: shops })
          .from(alerts)
          .leftJoin(reservations, eq(reservations.id, alerts.reservationId))
          .leftJoin(shops, eq(shops.id, alertShopId()))
          .where(inArray(alerts.id, [...ids]));
        return new Map(rows.map((row) => [row.alert.id, row]));
      })(id);
    },

    async leaseById({ id, owner, leaseMs }) {
      const [row] = await db
        .update(alerts)
        .set({ postLeaseOwner: owner, postLeaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`, postAttempts: sql`${alerts.postAttempts} + 1` })
        .where(and(eq(alerts.id, id), isNull(alerts.slackTs), sql`(${alerts.postLeaseUntil} is null or ${alerts.postLeaseUntil} < now())`))
        .returning();
      return row;
    },

    async leaseUnposted({ owner, leaseMs, order, limit }) {
      const query = prepared(db, leaseStatementName(order), () => leaseStatement(db, order));
      const rows = await query.execute({ owner, leaseSecs: leaseMs / 1000, limit: Math.max(1, Math.trunc(limit)) });
      // RETURNING keeps no order: the rows are put back in posting order.
      return rows.sort((a, b) => a.rank - b.rank || a.id - b.id).map(({ rank: _, ...alert }) => alert);
    },
    markPosted(input) {
      // One per alert posted, batched across posts ending at the same time (src/db/batched.ts): an
      // alert storm stores its messages a statement per batch. A permalink not given keeps the stored one.
      return batched(db, 'alert_mark_posted', async (posts: readonly MarkPosted[]) => {
        const stored = await markPostedStatement(db).execute({
          ids: posts.map((p) => p.id),
          owners: posts.map((p) => p.owner),
          channels: posts.map((p) => p.channel),
          tss: posts.map((p) => p.ts),
          permalinks: posts.map((p) => p.permalink ?? null),
        });
        const ids = new Set(stored.map((row) => row.id));
        return new Map(posts.map((p) => [p, ids.has(p.id)]));
      })(input).then(Boolean);
    },

    async releaseLease({ id, owner, error, retryInMs, unsent }) {
      await db
        .update(alerts)
        .set({
          postError: error.slice(0, 500),
          postLeaseUntil: sql`now() + make_interval(secs => ${retryInMs / 1000})`,
          ...(unsent ? { postAttempts: sql`greatest(${alerts.postAttempts} - 1, 0)` } : {}),
        })
        .where(and(eq(alerts.id, id), eq(alerts.postLeaseOwner, owner), isNull(alerts.slackTs)));
    },

    async claim({ id, userId, at }) {
      const [row] = await db
        .update(alerts)
        .set({ assignee: userId, claimedAt: at, firstOpenedAt: sql`coalesce(${alerts.firstOpenedAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(alerts.id, id), isNull(alerts.assignee), isNull(alerts.resolvedAt)))
        .returning();
      return row;
    },

    async lock(id) {
      const [row] = await db.select().from(alerts).where(eq(alerts.id, id)).for('update');
      return row;
    },

    async resolve({ id, userId, at, outcome }) {
      const [row] = await db
        .update(alerts)
        .set({ resolvedAt: at, resolvedBy: userId, outcome })
        .where(and(eq(alerts.id, id), isNull(alerts.resolvedAt)))
        .returning();
      return repeatsFollow(row);
    },

    async markSending(id) {
      await db.update(alerts).set({ deliveryState: 'sending', deliveryError: null }).where(eq(alerts.id, id));
    },

    async settleDelivery({ id, state, error }) {
      const reopen = state === 'failed' ? { resolvedAt: null, resolvedBy: null } : {};
      const [row] = await db
        .update(alerts)
        .set({ deliveryState: state, deliveryError: error, ...reopen })
        .where(and(eq(alerts.id, id), eq(alerts.deliveryState, 'sending')))
        .returning();
      return repeatsFollow(row);
    },

    async reopenDelivery({ id, userId, at, state }) {
      const [row] = await db
        .update(alerts)
        .set({ deliveryState: state, deliveryError: null, resolvedAt: at, resolvedBy: userId })
        .where(and(eq(alerts.id, id), eq(alerts.deliveryState, 'failed')))
        .returning();
      return repeatsFollow(row);
    },

    async insert({ kind, reservationId, details }) {
      const [row] = await db.insert(alerts).values({ kind, reservationId, details }).returning();
      return row!;
    },

    async openOfKind({ kind, reservationId }) {
      return db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.reservationId, reservationId), isNull(alerts.resolvedAt)));
    },

    async lockOpenOriginal({ id, kind, reservationId }) {
      const [row] = await db
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), eq(alerts.reservationId, reservationId), lt(alerts.id, id), isNull(alerts.resolvedAt), isNull(alerts.duplicateOf), isNotNull(alerts.slackTs)))
        .orderBy(alerts.id)
        .limit(1)
        .for('update');
      return row;
    },

    async linkRepeat({ id, owner, originalId }) {
      const [repeat] = await db
        .update(alerts)
        .set({ duplicateOf: originalId })
        .where(and(eq(alerts.id, id), isNull(alerts.duplicateOf), eq(alerts.postLeaseOwner, owner), isNull(alerts.slackTs)))
        .returning();
      if (!repeat) return undefined;
      const [original] = await db
        .update(alerts)
        .set({ repeats: sql`${alerts.repeats} + 1` })
        .where(eq(alerts.id, originalId))
        .returning();
      return { original: original!, repeat };
    },

    async transfer({ id, from, to, at }) {
      const [row] = await db
        .update(alerts)
        .set({ assignee: to, claimedAt: to ? at : null, firstOpenedAt: sql`coalesce(${alerts.firstOpenedAt}, ${at.toISOString()}::timestamptz)` })
        .where(and(eq(alerts.id, id), from === null ? isNull(alerts.assignee) : eq(alerts.assignee, from), isNull(alerts.resolvedAt)))
        .returning();
      return row;
    },

    async setHold({ id, until, reason, expectedUntil }) {
      const conditions = [eq(alerts.id, id), isNull(alerts.resolvedAt)];
      if (expectedUntil) conditions.push(eq(alerts.holdUntil, expectedUntil));
      const [row] = await db.update(alerts).set({ holdUntil: until, holdReason: reason }).where(and(...conditions)).returning();
      return row;
    },

    async listDueHolds(now) {
      return db
        .select()
        .from(alerts)
        .where(and(isNull(alerts.resolvedAt), lte(alerts.holdUntil, now)))
        .orderBy(alerts.holdUntil, alerts.id);
    },

    async listOpen(limit) {
      return db.select().from(alerts).where(and(isNull(alerts.resolvedAt), isNull(alerts.duplicateOf))).orderBy(alerts.createdAt, alerts.id).limit(limit);
    },

    async setPermalink({ id, permalink }) {
      await db.update(alerts).set({ permalink }).where(eq(alerts.id, id));
    },

    async markOpened({ id, at }) {
      const [row] = await db
        .update(alerts)
        .set({ firstOpenedAt: sql`coalesce(${alerts.firstOpenedAt}, ${at.toISOString()}::timestamptz)` })
        .where(eq(alerts.id, id))
        .returning();
      return row;
    },

    async findRecord(alertId) {
      const [row] = await db.select().from(operationRecords).where(eq(operationRecords.alertId, alertId));
      return row;
    },
  };
}
