import type { Db } from '../../src/db/client.js';
import type { PaymentLinkMailInput } from '../../src/domain/client-messages.js';
import { alerts, callAttempts, reservations, shops } from '../../src/db/schema.js';

/** Named rows, written as the QRV core would write them. */
export const SHIBUYA_AROMA = { id: 'SHOP-001', name: '〇〇マッサージ店', phone: '03-1234-5678', area: '渋谷' };
export const DOGENZAKA = { id: 'SHOP-002', name: '道玄坂リラク', phone: '03-2345-6789', area: '渋谷' };

/** The manual's example: Aroma Massage on 1月30日 14:00-17:00 (JST). */
export const AROMA_RESERVATION = {
  id: 'QRV-A1B2C3',
  service: 'Aroma Massage',
  startsAt: new Date('2026-01-30T05:00:00Z'),
  endsAt: new Date('2026-01-30T08:00:00Z'),
  address: '東京都渋谷区道玄坂1-2-3',
  clientPhone: '080-1234-5678',
  status: 'calling_failed',
  amountJpy: 12000,
};

export async function seedShops(db: Db, ...rows: Array<typeof SHIBUYA_AROMA>) {
  await db.insert(shops).values(rows.length ? rows : [SHIBUYA_AROMA, DOGENZAKA]);
}

export async function seedReservation(db: Db, overrides: Partial<typeof reservations.$inferInsert> = {}) {
  const [row] = await db.insert(reservations).values({ ...AROMA_RESERVATION, ...overrides }).returning();
  return row!;
}

export async function seedAttempt(db: Db, row: typeof callAttempts.$inferInsert) {
  await db.insert(callAttempts).values(row);
}

/** What the QRV core does to raise an alert: one row with kind, reservation_id and details. */
export async function coreRaisesAlert(db: Db, kind: string, reservationId: string | null, details: Record<string, unknown> = {}) {
  const [row] = await db.insert(alerts).values({ kind, reservationId, details }).returning({ id: alerts.id });
  return row!.id;
}

/** The payment-link e-mail of manual §3.2 for the example reservation, link sent at 1月29日 13:00 JST. */
export const AROMA_PAYMENT_LINK_MAIL: PaymentLinkMailInput = {
  reservation: { ...AROMA_RESERVATION },
  url: 'https://checkout.stripe.com/c/pay/cs_test_123',
  expiresAt: new Date('2026-01-29T04:10:00Z'),
  timeZone: 'Asia/Tokyo',
};
