import { and, asc, desc, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, callAttempts, history, operationRecords, outboundMessages, paymentLinks, refunds, shops } from '../../src/db/schema.js';
import { createRepositories } from '../../src/repositories/index.js';
import { RESERVATION_VIEWED } from '../../src/repositories/history.js';
import { useTestDatabase } from '../support/db.js';
import { AROMA_RESERVATION, DOGENZAKA, SHIBUYA_AROMA, coreRaisesAlert, seedAttempt, seedReservation, seedShops } from '../support/seed.js';

const t = useTestDatabase();

/**
 * The reservation card's one statement (issue 15) returns every row as drizzle's own reads of the
 * same tables do: times as Dates, ids as numbers, jsonb as objects, nulls as null.
 */
describe('reservationCards.read: the card of /qrv status and 詳細 in one statement', () => {
  it('the reservation of 全店NG with its shop, calls, alerts and records, changes, readings and sends', async () => {
    const db = t.database.db;
    const repos = createRepositories({ db });
    await seedShops(db);
    await seedReservation(db, { shopId: SHIBUYA_AROMA.id });
    await seedAttempt(db, { reservationId: AROMA_RESERVATION.id, shopId: DOGENZAKA.id, round: 1, outcome: 'ng', note: '満席' });
    await seedAttempt(db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 2, outcome: 'ok', note: null });
    await seedAttempt(db, { reservationId: AROMA_RESERVATION.id, shopId: SHIBUYA_AROMA.id, round: 1, outcome: 'no_answer', note: '"留守電" {a,b}' });
    const first = await coreRaisesAlert(db, 'all_shops_ng', AROMA_RESERVATION.id, { note: '全店NG', shop_id: SHIBUYA_AROMA.id });
    const second = await coreRaisesAlert(db, 'payment_expired', AROMA_RESERVATION.id);
    await coreRaisesAlert(db, 'system', null); // another reservation's: not on the card
    await repos.alerts.resolve({ id: first, userId: 'U0SATO', at: new Date('2026-01-29T04:00:00.123Z'), outcome: 'confirmed' });
    await repos.records.insert({ alertId: first, reservationId: AROMA_RESERVATION.id, procedure: 'all_shops_ng', summary: '〇〇マッサージ店で確定', durationMinutes: 12, result: 'confirmed', actor: 'U0SATO' });
    await repos.history.appendMany([
      ...Array.from({ length: 12 }, (_, i) => ({ actor: `U0OP${i}`, action: 'reservation.status_changed', reservationId: AROMA_RESERVATION.id, alertId: first, before: { status: 'calling' }, after: { status: `s${i}` } })),
      ...Array.from({ length: 7 }, (_, i) => ({ actor: `U0VIEW${i}`, action: RESERVATION_VIEWED, reservationId: AROMA_RESERVATION.id, after: { via: i % 2 ? 'detail' : 'status' } })),
      { actor: 'U0OTHER', action: 'reservation.status_changed', reservationId: null },
    ]);
    const link = await repos.outbox.enqueuePaymentLink({ reservationId: AROMA_RESERVATION.id, alertId: second, amountJpy: 12000, description: 'Aroma Massage', requestedBy: 'U0SATO', idempotencyKey: 'k1' });
    await repos.outbox.enqueueMessage({ reservationId: AROMA_RESERVATION.id, alertId: second, channel: 'sms', recipient: '080-1234-5678', body: '決済リンク', paymentLinkId: link.id, requestedBy: 'U0SATO', idempotencyKey: 'k1:sms' });
    await repos.outbox.enqueueRefund({ reservationId: AROMA_RESERVATION.id, alertId: second, amountJpy: 12000, requestedBy: 'U0SATO', idempotencyKey: 'k2' });

    const card = await repos.reservationCards.read({ reservationId: AROMA_RESERVATION.id, historyLimit: 10, viewsLimit: 5 });

    const byReservation = eq(history.reservationId, AROMA_RESERVATION.id);
    expect(card).toEqual({
      reservation: await repos.reservations.findById(AROMA_RESERVATION.id),
      shop: await repos.shops.findById(SHIBUYA_AROMA.id),
      attempts: (
        await db
          .select({ attempt: callAttempts, shopName: shops.name })
          .from(callAttempts)
          .leftJoin(shops, eq(shops.id, callAttempts.shopId))
          .where(eq(callAttempts.reservationId, AROMA_RESERVATION.id))
          .orderBy(asc(callAttempts.round), asc(callAttempts.createdAt), asc(callAttempts.id))
      ).map((r) => ({ ...r.attempt, shopName: r.shopName })),
      alerts: await Promise.all(
        (await db.select().from(alerts).where(eq(alerts.reservationId, AROMA_RESERVATION.id)).orderBy(desc(alerts.createdAt), desc(alerts.id))).map(async (alert) => ({
          ...alert,
          record: (await db.select().from(operationRecords).where(eq(operationRecords.alertId, alert.id)))[0] ?? null,
        })),
      ),
      history: await db.select().from(history).where(and(byReservation, ne(history.action, RESERVATION_VIEWED))).orderBy(desc(history.createdAt), desc(history.id)).limit(10),
      views: await db.select().from(history).where(and(byReservation, eq(history.action, RESERVATION_VIEWED))).orderBy(desc(history.createdAt), desc(history.id)).limit(5),
      outbox: {
        messages: await db.select().from(outboundMessages).orderBy(asc(outboundMessages.id)),
        paymentLinks: await db.select().from(paymentLinks).orderBy(asc(paymentLinks.id)),
        refunds: await db.select().from(refunds).orderBy(asc(refunds.id)),
      },
    });
    // What the card shows, in its order.
    expect(card!.attempts.map((a) => [a.round, a.shopName, a.outcome, a.note])).toEqual([
      [1, DOGENZAKA.name, 'ng', '満席'],
      [1, SHIBUYA_AROMA.name, 'no_answer', '"留守電" {a,b}'],
      [2, SHIBUYA_AROMA.name, 'ok', null],
    ]);
    expect(card!.alerts.map((a) => [a.id, a.record?.summary ?? null])).toEqual([
      [second, null],
      [first, '〇〇マッサージ店で確定'],
    ]);
    expect(card!.alerts[1]!.resolvedAt).toEqual(new Date('2026-01-29T04:00:00.123Z'));
    expect(card!.history.map((h) => h.actor)).toEqual(Array.from({ length: 10 }, (_, i) => `U0OP${11 - i}`));
    expect(card!.views.map((h) => h.actor)).toEqual(['U0VIEW6', 'U0VIEW5', 'U0VIEW4', 'U0VIEW3', 'U0VIEW2']);
    expect(card!.history[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('a reservation with no shop, no calls, no alerts, no history and nothing sent', async () => {
    const repos = createRepositories({ db: t.database.db });
    await seedReservation(t.database.db);
    const card = await repos.reservationCards.read({ reservationId: AROMA_RESERVATION.id, historyLimit: 10, viewsLimit: 5 });
    expect(card).toEqual({
      reservation: await repos.reservations.findById(AROMA_RESERVATION.id),
      shop: null,
      attempts: [],
      alerts: [],
      history: [],
      views: [],
      outbox: { messages: [], paymentLinks: [], refunds: [] },
    });
  });

  it('an unknown reservation: undefined', async () => {
    const repos = createRepositories({ db: t.database.db });
    expect(await repos.reservationCards.read({ reservationId: 'QRV-ZZZ999', historyLimit: 10, viewsLimit: 5 })).toBeUndefined();
  });
});
