import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alerts, callAttempts, reservations, shops } from '../db/schema.js';
import type { AlertKind } from '../domain/alert-kinds.js';
import type { ReservationStatus } from '../domain/reservation-status.js';

const HOUR = 3_600_000;

const SHOPS = [
  { id: 'SHOP-001', name: '渋谷アロマサロン', phone: '03-1234-5678', area: '渋谷' },
  { id: 'SHOP-002', name: '道玄坂マッサージ', phone: '03-2345-6789', area: '渋谷' },
  { id: 'SHOP-003', name: '恵比寿リラクゼーション', phone: '03-3456-7890', area: '恵比寿' },
  { id: 'SHOP-004', name: '代官山スパ', phone: '03-4567-8901', area: '代官山' },
];

interface DemoReservation {
  id: string;
  status: ReservationStatus;
  startsInHours: number;
  shopId?: string;
  phone?: string;
}

/** One reservation in every status, plus the ones the demo alerts are about. */
const RESERVATIONS: DemoReservation[] = [
  { id: 'QRV-DEMO01', status: 'received', startsInHours: 72 },
  { id: 'QRV-DEMO02', status: 'calling', startsInHours: 50 },
  { id: 'QRV-DEMO03', status: 'calling_success', startsInHours: 26, shopId: 'SHOP-001' },
  { id: 'QRV-DEMO04', status: 'payment_pending', startsInHours: 30, shopId: 'SHOP-002', phone: '090-1234-567' },
  { id: 'QRV-DEMO05', status: 'confirmed', startsInHours: 20, shopId: 'SHOP-003' },
  { id: 'QRV-DEMO06', status: 'calling_failed', startsInHours: 28 },
  { id: 'QRV-DEMO07', status: 'failed', startsInHours: 40 },
  { id: 'QRV-DEMO08', status: 'payment_expired', startsInHours: 45, shopId: 'SHOP-004' },
  { id: 'QRV-DEMO09', status: 'cancelled', startsInHours: 60, shopId: 'SHOP-001' },
  { id: 'QRV-DEMO10', status: 'completed', startsInHours: -24, shopId: 'SHOP-002' },
  { id: 'QRV-DEMO11', status: 'calling', startsInHours: 34, shopId: 'SHOP-003' },
  { id: 'QRV-DEMO12', status: 'calling', startsInHours: 36, shopId: 'SHOP-004' },
];

const ALERTS: Array<{ kind: AlertKind; reservationId: string | null; details: Record<string, unknown> }> = [
  { kind: 'all_shops_ng', reservationId: 'QRV-DEMO06', details: {} },
  { kind: 'sms_failed', reservationId: 'QRV-DEMO04', details: { error: '21211 invalid To number' } },
  { kind: 'payment_expired', reservationId: 'QRV-DEMO08', details: {} },
  { kind: 'ambiguous_answer', reservationId: 'QRV-DEMO11', details: { shop_id: 'SHOP-003' } },
  { kind: 'change_request', reservationId: 'QRV-DEMO12', details: { shop_id: 'SHOP-004', change: '希望時間を30分遅らせてほしい' } },
  { kind: 'late_cancel', reservationId: 'QRV-DEMO05', details: {} },
  {
    kind: 'system',
    reservationId: null,
    details: { severity: 'critical', title: '【緊急】CPU使用率が高い状態です', body: 'CPU使用率: 85%（5分間継続）\nサーバー: qrv-api-server-01' },
  },
];

/** Demo data for a first look (`qrv seed --demo`). Running it again changes nothing. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<{ reservations: number; alerts: number }> {
  return db.transaction(async (tx) => {
    await tx.insert(shops).values(SHOPS).onConflictDoNothing();
    const hourStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const inserted = await tx
      .insert(reservations)
      .values(
        RESERVATIONS.map((r, i) => ({
          id: r.id,
          service: i % 2 === 0 ? 'Aroma Massage' : 'Thai Massage',
          startsAt: new Date(hourStart.getTime() + r.startsInHours * HOUR),
          endsAt: new Date(hourStart.getTime() + (r.startsInHours + 2) * HOUR),
          address: '東京都渋谷区道玄坂1-2-3',
          clientPhone: r.phone ?? `080-1234-56${String(i).padStart(2, '0')}`,
          status: r.status,
          shopId: r.shopId ?? null,
          amountJpy: 8000 + i * 500,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: reservations.id });
    if (inserted.some((r) => r.id === 'QRV-DEMO06')) {
      await tx.insert(callAttempts).values(
        [1, 2].flatMap((round) => SHOPS.map((s) => ({ reservationId: 'QRV-DEMO06', shopId: s.id, round, outcome: 'ng' }))),
      );
    }
    if (inserted.some((r) => r.id === 'QRV-DEMO11')) {
      await tx.insert(callAttempts).values({ reservationId: 'QRV-DEMO11', shopId: 'SHOP-003', round: 1, outcome: 'ambiguous', note: '検討します' });
    }
    let alertCount = 0;
    for (const a of ALERTS) {
      const existing = await tx
        .select({ id: alerts.id })
        .from(alerts)
        .where(and(eq(alerts.kind, a.kind), sql`${alerts.details}->>'seed' = 'demo'`));
      if (existing.length > 0) continue;
      await tx.insert(alerts).values({ kind: a.kind, reservationId: a.reservationId, details: { ...a.details, seed: 'demo' } });
      alertCount++;
    }
    return { reservations: inserted.length, alerts: alertCount };
  });
}
