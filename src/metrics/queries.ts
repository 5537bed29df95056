/**
 * The SQL behind the dashboard: counts over the shared database, nothing else. Each function is
 * one query (timed by `npm run bench`); the formulas that turn counts into rates are formulas.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.js';
import { MANUAL_OPERATION_KINDS, SUCCESS_STATUSES, type StatusCounts } from './formulas.js';
import type { Period } from './period.js';
import type { TomorrowRow } from '../domain/tomorrow.js';

type Deps = { db: Queryable };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const within = (column: SQL, p: Period) => sql`${column} >= ${ts(p.from)} and ${column} < ${ts(p.to)}`;
const anyOf = (column: SQL, periods: Period[]) =>
  periods.length ? sql.join(periods.map((p) => sql`(${within(column, p)})`), sql` or `) : sql`false`;

/** Reservations created in the period, by status. */
export async function reservationsByStatus({ db }: Deps, p: Period): Promise<StatusCounts> {
  const rows = await queryRows<{ status: string; n: number }>(db, sql`
    select status, count(*)::int as n from reservations where ${within(sql`created_at`, p)} group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Reservations created in the period, by local day and status. */
export async function reservationsByDayAndStatus(
  { db }: Deps,
  p: Period & { timeZone: string },
): Promise<Array<{ date: string; status: string; n: number }>> {
  const rows = await queryRows<{ date: string; status: string; n: number }>(db, sql`
    select to_char(created_at at time zone ${p.timeZone}, 'YYYY-MM-DD') as date, status, count(*)::int as n
      from reservations where ${within(sql`created_at`, p)} group by 1, 2`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Reservations created in any of the windows (for "the usual level"). */
export async function countReservationsIn({ db }: Deps, windows: Period[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from reservations where ${anyOf(sql`created_at`, windows)}`);
  return Number(row?.n ?? 0);
}

/** Manual-operation alerts raised in any of the windows (a repeat threaded into an open alert is the same operation). */
export async function countManualOpsIn({ db }: Deps, windows: Period[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`
    select count(*)::int as n from alerts where kind in (${list(MANUAL_OPERATION_KINDS)}) and duplicate_of is null and (${anyOf(sql`created_at`, windows)})`);
  return Number(row?.n ?? 0);
}

/** Successful reservations created in the period and the calls made for them. */
export async function callsForSuccesses({ db }: Deps, p: Period): Promise<{ successes: number; calls: number }> {
  const [row] = await queryRows<{ successes: number; calls: number }>(db, sql`
    select count(*)::int as successes, coalesce(sum(c.n), 0)::int as calls
      from reservations r
      cross join lateral (select count(*) as n from call_attempts ca where ca.reservation_id = r.id) c
     where ${within(sql`r.created_at`, p)} and r.status in (${list(SUCCESS_STATUSES)})`);
  return { successes: Number(row?.successes ?? 0), calls: Number(row?.calls ?? 0) };
}

export interface AlertTimingRow {
  kind: string;
  severity: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  resolvedAt: Date | null;
}

/** Alerts raised in the period with their claim and resolve times (a repeat threaded into an open alert is not a new one). */
export async function alertTimings({ db }: Deps, p: Period): Promise<AlertTimingRow[]> {
  const rows = await queryRows<{ kind: string; severity: string | null; created_at: string; claimed_at: string | null; resolved_at: string | null }>(db, sql`
    select kind, details->>'severity' as severity, created_at, claimed_at, resolved_at
      from alerts where ${within(sql`created_at`, p)} and duplicate_of is null order by created_at`);
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({ kind: r.kind, severity: r.severity, createdAt: new Date(r.created_at), claimedAt: date(r.claimed_at), resolvedAt: date(r.resolved_at) }));
}

export interface OpenAlertRow {
  id: number;
  kind: string;
  reservationId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
  assignee: string | null;
  slackChannel: string | null;
  slackTs: string | null;
  escalationLevel: number;
  /** `failed`: 要再対応 (src/domain/alert-state.ts). */
  deliveryState: string | null;
}

/** Every unresolved alert (要再対応 included: a failed delivery reopens it; repeats are in their alert), oldest first. */
export async function openAlerts({ db }: Deps, { limit = 50 }: { limit?: number } = {}): Promise<{ rows: OpenAlertRow[]; total: number }> {
  const rows = await queryRows<{ id: number; kind: string; reservation_id: string | null; details: Record<string, unknown>; created_at: string; assignee: string | null; slack_channel: string | null; slack_ts: string | null; escalation_level: number; delivery_state: string | null; total: number }>(db, sql`
    select id, kind, reservation_id, details, created_at, assignee, slack_channel, slack_ts, escalation_level, delivery_state, count(*) over ()::int as total
      from alerts where resolved_at is null and duplicate_of is null order by created_at, id limit ${limit}`);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      id: Number(r.id), kind: r.kind, reservationId: r.reservation_id, details: r.details, createdAt: new Date(r.created_at),
      assignee: r.assignee, slackChannel: r.slack_channel, slackTs: r.slack_ts, escalationLevel: Number(r.escalation_level),
      deliveryState: r.delivery_state,
    })),
  };
}

/** Statuses of reservations not yet settled: someone may still have to act on them. */
export const UNSETTLED_STATUSES = ['received', 'calling', 'calling_success', 'payment_pending', 'calling_failed'] as const;

export interface UpcomingReservation {
  id: string;
  service: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  shopListed: boolean | null;
  openAlerts: number;
  /** Of the open alerts, those 要再対応 (a send or refund failed for good). */
  retryAlerts: number;
}

/** Reservations starting in the period: counts by status, and those needing special handling. */
export async function reservationsStarting({ db }: Deps, p: Period, { limit = 20 }: { limit?: number } = {}): Promise<{ byStatus: StatusCounts; attention: UpcomingReservation[] }> {
  const counts = await queryRows<{ status: string; n: number }>(db, sql`
    select status, count(*)::int as n from reservations where ${within(sql`starts_at`, p)} group by status`);
  const rows = await queryRows<{ id: string; service: string; starts_at: string; ends_at: string; status: string; listed: boolean | null; open_alerts: number; retry_alerts: number }>(db, sql`
    select r.id, r.service, r.starts_at, r.ends_at, r.status, s.listed,
           (select count(*)::int from alerts a where a.reservation_id = r.id and a.resolved_at is null and a.duplicate_of is null) as open_alerts,
           (select count(*)::int from alerts a where a.reservation_id = r.id and a.resolved_at is null and a.duplicate_of is null and a.delivery_state = 'failed') as retry_alerts
      from reservations r left join shops s on s.id = r.shop_id
     where ${within(sql`r.starts_at`, p)}
       and (r.status in (${list(UNSETTLED_STATUSES)}) or s.listed = false
            or exists (select 1 from alerts a where a.reservation_id = r.id and a.resolved_at is null and a.duplicate_of is null))
     order by r.starts_at, r.id limit ${limit}`);
  return {
    byStatus: Object.fromEntries(counts.map((r) => [r.status, Number(r.n)])),
    attention: rows.map((r) => ({
      id: r.id, service: r.service, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), status: r.status, shopListed: r.listed, openAlerts: Number(r.open_alerts),
      retryAlerts: Number(r.retry_alerts ?? 0),
    })),
  };
}

/** Every reservation starting in the period, with what 明日の予約確認 needs to sort it (src/domain/tomorrow.ts). */
export async function reservationsStartingIn({ db }: Deps, p: Period): Promise<TomorrowRow[]> {
  const rows = await queryRows<{ id: string; service: string; starts_at: string; ends_at: string; status: string; listed: boolean | null; kinds: string[] | null; retry_alerts: number; refund_failed: boolean }>(db, sql`
    select r.id, r.service, r.starts_at, r.ends_at, r.status, s.listed,
           (select array_agg(a.kind order by a.id) from alerts a where a.reservation_id = r.id and a.resolved_at is null and a.duplicate_of is null) as kinds,
           (select count(*)::int from alerts a where a.reservation_id = r.id and a.resolved_at is null and a.duplicate_of is null and a.delivery_state = 'failed') as retry_alerts,
           exists (select 1 from refunds f where f.reservation_id = r.id and f.status = 'failed') as refund_failed
      from reservations r left join shops s on s.id = r.shop_id
     where ${within(sql`r.starts_at`, p)}
     order by r.starts_at, r.id limit 2000`);
  return rows.map((r) => ({
    id: r.id, service: r.service, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), status: r.status, shopListed: r.listed,
    openAlertKinds: r.kinds ?? [], retryAlerts: Number(r.retry_alerts ?? 0), refundFailed: Boolean(r.refund_failed),
  }));
}

/** 問い合わせ and インシデント recorded in the period. */
export async function countRecords({ db }: Deps, p: Period): Promise<{ inquiries: number; incidents: number }> {
  const [row] = await queryRows<{ inquiries: number; incidents: number }>(db, sql`
    select (select count(*)::int from inquiries where ${within(sql`created_at`, p)}) as inquiries,
           (select count(*)::int from incidents where ${within(sql`created_at`, p)}) as incidents`);
  return { inquiries: Number(row?.inquiries ?? 0), incidents: Number(row?.incidents ?? 0) };
}
