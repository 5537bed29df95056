import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alerts, reservations } from '../db/schema.js';
import { paymentLinks } from '../db/schema-outbox.js';
import { isAlertKind, type AlertKind } from '../domain/alert-kinds.js';
import type { ReservationStatus } from '../domain/reservation-status.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../domain/clock.js';

/** The demo reservation each alert kind is about (src/seed/demo.ts), and what a new one looks like. */
const KIND_SETUP: Record<AlertKind, { demo: string | null; status: ReservationStatus; shopId?: string; details: Record<string, unknown> }> = {
  all_shops_ng: { demo: 'QRV-DEMO06', status: 'calling_failed', details: {} },
  sms_failed: { demo: 'QRV-DEMO04', status: 'payment_pending', shopId: 'SHOP-002', details: { error: '21211 invalid To number' } },
  payment_expired: { demo: 'QRV-DEMO08', status: 'payment_expired', shopId: 'SHOP-004', details: {} },
  ambiguous_answer: { demo: 'QRV-DEMO11', status: 'calling', shopId: 'SHOP-003', details: { shop_id: 'SHOP-003' } },
  change_request: { demo: 'QRV-DEMO12', status: 'calling', shopId: 'SHOP-004', details: { shop_id: 'SHOP-004', change: '希望時間を30分遅らせてほしい' } },
  late_cancel: { demo: 'QRV-DEMO05', status: 'confirmed', shopId: 'SHOP-003', details: {} },
  system: { demo: null, status: 'received', details: {} },
  inquiry: {
    demo: 'QRV-DEMO08',
    status: 'payment_expired',
    shopId: 'SHOP-004',
    details: { source: 'command', summary: '決済期限が切れました。どうすればいいですか？', matched: ['QRV-DEMO08'] },
  },
};

/** A Pingdom-style check that went down: what the monitoring writes as a `system` alert. */
const PINGDOM_DETAILS = {
  severity: 'critical',
  title: '【Pingdom】api.qrv.example が応答しません',
  body: 'チェック: HTTPS api.qrv.example/healthz\n状態: DOWN（3回連続タイムアウト）\n地域: 東京',
};

export interface RaiseInput {
  kind: string;
  /** The kind's demo reservation (default), a fresh reservation made for it, or an ID. */
  reservation?: 'demo' | 'new' | string;
  details?: Record<string, unknown>;
}

/** The QRV core raising an alert: one row in `alerts` (created at the sandbox's clock). */
export async function raiseSandboxAlert({ db, clock }: { db: Db; clock: Clock }, input: RaiseInput): Promise<{ alertId: number; reservationId: string | null }> {
  if (!isAlertKind(input.kind)) throw new DomainError('BAD_ALERT_KIND', `unknown alert kind "${input.kind}"`);
  const setup = KIND_SETUP[input.kind];
  let reservationId: string | null = null;
  if (input.kind !== 'system') {
    if (input.reservation === 'new') reservationId = await newReservation(db, clock, setup.status, setup.shopId);
    else if (input.reservation && input.reservation !== 'demo') reservationId = input.reservation;
    else reservationId = setup.demo;
  }
  const details = input.details ?? (input.kind === 'system' ? PINGDOM_DETAILS : setup.details);
  const [row] = await db.insert(alerts).values({ kind: input.kind, reservationId, details, createdAt: clock.now() }).returning({ id: alerts.id });
  return { alertId: row!.id, reservationId };
}

async function newReservation(db: Db, clock: Clock, status: ReservationStatus, shopId?: string): Promise<string> {
  const id = `QRV-${randomBytes(3).toString('hex').toUpperCase()}`;
  const hour = 3_600_000;
  const start = new Date(Math.ceil(clock.now().getTime() / hour) * hour + 28 * hour);
  await db.insert(reservations).values({
    id,
    service: 'Aroma Massage',
    startsAt: start,
    endsAt: new Date(start.getTime() + 2 * hour),
    address: '東京都渋谷区道玄坂1-2-3',
    clientPhone: '080-1111-2222',
    clientEmail: 'client@example.com',
    status,
    shopId: shopId ?? null,
    amountJpy: 9000,
    createdAt: clock.now(),
  });
  return id;
}

/** The reservation's newest payment link still open (the one the client would pay). */
export async function openPaymentLink(db: Db, reservationId?: string) {
  const [link] = await db
    .select()
    .from(paymentLinks)
    .where(and(eq(paymentLinks.status, 'open'), ...(reservationId ? [eq(paymentLinks.reservationId, reservationId)] : [])))
    .orderBy(desc(paymentLinks.id))
    .limit(1);
  return link;
}

/**
 * The fake Slack keeps its messages in memory: on a restart, alerts still open are posted
 * again in the new channel (their previous messages are gone with the last run).
 */
export async function repostOpenAlerts(db: Db): Promise<number> {
  const rows = await db
    .update(alerts)
    .set({ slackChannel: null, slackTs: null, postedAt: null, postAttempts: 0, postError: null, postLeaseOwner: null, postLeaseUntil: null })
    .where(isNull(alerts.resolvedAt))
    .returning({ id: alerts.id });
  return rows.length;
}
