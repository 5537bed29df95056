import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alerts, history, reservations } from '../../src/db/schema.js';
import type { Clock } from '../../src/domain/clock.js';
import { createRepositories } from '../../src/repositories/index.js';
import { claimOperation, readOperation, startOperation } from '../../src/workflows/operation/start.js';
import { explainCancellationPolicy } from '../../src/workflows/late-cancel/decide.js';
import { useTestDatabase } from '../support/db.js';
import { coreRaisesAlert, DOGENZAKA, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useTestDatabase();
const dbOf = () => t.database.db;
const NOW = new Date('2026-01-29T03:00:00Z');
const clock: Clock = { now: () => NOW };

/**
 * Issue 15: a procedure form is read in one statement (the alert, its reservation and its shop),
 * and the claim after the form is shown no longer reads the form's data again.
 */
describe('a procedure form read in one statement', () => {
  it('the shop is details.shop_id when it is a string, else the reservation’s shop; as read part by part', async () => {
    const db = dbOf();
    await seedShops(db);
    await seedReservation(db, { shopId: SHIBUYA_AROMA.id, status: 'calling' });
    const ambiguous = await coreRaisesAlert(db, 'ambiguous_answer', 'QRV-A1B2C3', { shop_id: DOGENZAKA.id });
    const numeric = await coreRaisesAlert(db, 'change_request', 'QRV-A1B2C3', { shop_id: 42 });
    const none = await coreRaisesAlert(db, 'system', null, { title: 'DB 接続エラー' });
    const repos = createRepositories({ db });

    const [a, n, s] = await Promise.all([ambiguous, numeric, none].map((id) => repos.alerts.findInContext(id)));
    expect(a!.shop?.id).toBe(DOGENZAKA.id);
    expect(a!.reservation?.id).toBe('QRV-A1B2C3');
    expect(n!.shop?.id).toBe(SHIBUYA_AROMA.id);
    expect(s).toMatchObject({ reservation: null, shop: null });
    expect(s!.alert.id).toBe(none);
    expect(a!.alert).toEqual(await repos.alerts.findById(ambiguous));
    expect(a!.reservation).toEqual(await repos.reservations.findById('QRV-A1B2C3'));
    expect(await repos.alerts.findInContext(999_999)).toBeUndefined();
  });

  it('a burst of forms read together: each operator gets their own alert, reservation and shop', async () => {
    const db = dbOf();
    await seedShops(db);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      await seedReservation(db, { id: `QRV-B${String(i).padStart(5, "0")}`, shopId: i % 2 ? SHIBUYA_AROMA.id : DOGENZAKA.id, status: 'calling' });
      ids.push(await coreRaisesAlert(db, 'ambiguous_answer', `QRV-B${String(i).padStart(5, "0")}`));
    }
    const read = await Promise.all(ids.map((alertId, i) => readOperation({ db, clock }, { alertId, userId: `U0OP${i}`, kinds: ['ambiguous_answer'] })));
    expect(read.map((r) => [r.alert.id, r.reservation.id, r.shop?.id])).toEqual(ids.map((id, i) => [id, `QRV-B${String(i).padStart(5, "0")}`, i % 2 ? SHIBUYA_AROMA.id : DOGENZAKA.id]));
  });

  it('readOperation gives what startOperation gives, and writes nothing', async () => {
    const db = dbOf();
    await seedShops(db);
    await seedReservation(db, { shopId: SHIBUYA_AROMA.id, status: 'calling' });
    const alertId = await coreRaisesAlert(db, 'ambiguous_answer', 'QRV-A1B2C3', { shop_id: DOGENZAKA.id });
    const input = { alertId, userId: 'U0SATO', kinds: ['ambiguous_answer'] as const, at: clock.now() };

    const read = await readOperation({ db, clock }, input);
    expect(await db.select().from(history)).toEqual([]);
    const started = await startOperation({ db, clock }, input);
    expect(read.shop).toEqual(started.shop);
    expect(read.reservation).toEqual(started.reservation);
    expect([read.newlyClaimed, started.newlyClaimed]).toEqual([true, true]);
    expect([read.claimedAt, read.elapsedMinutes]).toEqual([started.claimedAt, started.elapsedMinutes]);
  });

  it('a refused read names the cause as the claim does: someone else’s alert, a status that changed', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'calling_failed' });
    const alertId = await coreRaisesAlert(db, 'all_shops_ng', 'QRV-A1B2C3');
    const input = { alertId, userId: 'U0SATO', kinds: ['all_shops_ng'] as const };
    await db.update(alerts).set({ assignee: 'U0TANAKA', claimedAt: clock.now() }).where(eq(alerts.id, alertId));
    await expect(readOperation({ db, clock }, input)).rejects.toMatchObject({ code: 'ALERT_ALREADY_CLAIMED' });
    await expect(claimOperation({ db, clock }, input)).rejects.toMatchObject({ code: 'ALERT_ALREADY_CLAIMED' });

    await db.update(alerts).set({ assignee: null, claimedAt: null }).where(eq(alerts.id, alertId));
    await db.update(reservations).set({ status: 'cancelled' }).where(eq(reservations.id, 'QRV-A1B2C3'));
    await expect(readOperation({ db, clock }, input)).rejects.toMatchObject({ code: 'STATUS_CHANGED' });
    await expect(claimOperation({ db, clock }, input)).rejects.toMatchObject({ code: 'STATUS_CHANGED' });
    expect(await db.select().from(history)).toEqual([]);
  });

  it('claimOperation claims once and records the implicit claim; a second click by the same operator claims nothing new', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'calling_failed' });
    const alertId = await coreRaisesAlert(db, 'all_shops_ng', 'QRV-A1B2C3');
    const input = { alertId, userId: 'U0SATO', kinds: ['all_shops_ng'] as const, at: clock.now() };

    const first = await claimOperation({ db, clock }, input);
    const second = await claimOperation({ db, clock }, input);
    expect([first.newlyClaimed, second.newlyClaimed]).toEqual([true, false]);
    expect(first.alert).toMatchObject({ assignee: 'U0SATO', claimedAt: clock.now(), firstOpenedAt: clock.now() });
    const rows = await db.select().from(history).orderBy(asc(history.id));
    expect(rows.map((r) => [r.action, r.actor, r.after])).toEqual([['alert.claimed', 'U0SATO', { assignee: 'U0SATO', claimedAt: clock.now().toISOString(), implicit: true }]]);
  });

  it('the operator’s own submission came before the claim (it claimed, resolved or moved on): the claim is quietly moot; anyone else’s still refuses it', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'calling_failed' });
    const alertId = await coreRaisesAlert(db, 'all_shops_ng', 'QRV-A1B2C3');
    const sato = { alertId, userId: 'U0SATO', kinds: ['all_shops_ng'] as const, at: clock.now() };

    // Sato's submission claimed the alert and changed the reservation (the next step's modal is open).
    await db.update(alerts).set({ assignee: 'U0SATO', claimedAt: clock.now() }).where(eq(alerts.id, alertId));
    await db.update(reservations).set({ status: 'calling' }).where(eq(reservations.id, 'QRV-A1B2C3'));
    expect(await claimOperation({ db, clock }, sato)).toMatchObject({ newlyClaimed: false, alert: { id: alertId, assignee: 'U0SATO' } });

    // Sato's submission resolved it.
    await db.update(alerts).set({ resolvedAt: clock.now(), resolvedBy: 'U0SATO' }).where(eq(alerts.id, alertId));
    expect(await claimOperation({ db, clock }, sato)).toMatchObject({ newlyClaimed: false, alert: { id: alertId, resolvedBy: 'U0SATO' } });
    expect(await db.select().from(history)).toEqual([]);

    // Tanaka's claim on it is refused as before.
    await expect(claimOperation({ db, clock }, { ...sato, userId: 'U0TANAKA' })).rejects.toMatchObject({ code: 'ALERT_ALREADY_RESOLVED' });
    await db.update(alerts).set({ resolvedAt: null, resolvedBy: null }).where(eq(alerts.id, alertId));
    await expect(claimOperation({ db, clock }, { ...sato, userId: 'U0TANAKA' })).rejects.toMatchObject({ code: 'ALERT_ALREADY_CLAIMED' });
  });
});

describe('a submission that lands before its form’s claim', () => {
  const LATER = new Date(NOW.getTime() + 15 * 60_000);
  const later: Clock = { now: () => LATER };

  it('claims the alert as of the form’s opening: 対応開始 and 所要時間 count from the click, not from the submission', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'confirmed' });
    const alertId = await coreRaisesAlert(db, 'late_cancel', 'QRV-A1B2C3');
    const read = await readOperation({ db, clock }, { alertId, userId: 'U0SATO', kinds: ['late_cancel'], at: NOW });
    expect(read.openedAt).toEqual(NOW);

    // 15 minutes later the submission comes, and the claim after the form has not landed.
    const done = await explainCancellationPolicy({ db, clock: later, timeZone: 'Asia/Tokyo' }, { alertId, userId: 'U0SATO', record: { durationMinutes: null, note: null, openedAt: read.openedAt } });
    expect(done).toMatchObject({ replay: false, newlyClaimed: true, alert: { assignee: 'U0SATO', claimedAt: NOW, resolvedAt: LATER }, record: { durationMinutes: 15 } });
    const claimed = (await db.select().from(history)).find((h) => h.action === 'alert.claimed');
    expect(claimed?.after).toEqual({ assignee: 'U0SATO', claimedAt: NOW.toISOString(), implicit: true });
    // The claim after the form then finds the alert resolved by the same operator: nothing more.
    expect(await claimOperation({ db, clock }, { alertId, userId: 'U0SATO', kinds: ['late_cancel'], at: NOW })).toMatchObject({ newlyClaimed: false });
  });

  it('the next step of a flow (全店NG 全て断られた → B) comes before the A form’s claim: claimed and first opened as of the A form', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'calling_failed' });
    const alertId = await coreRaisesAlert(db, 'all_shops_ng', 'QRV-A1B2C3');
    const next = await startOperation({ db, clock: later }, { alertId, userId: 'U0SATO', kinds: ['all_shops_ng'], openedAt: NOW });
    expect(next).toMatchObject({ newlyClaimed: true, alert: { assignee: 'U0SATO', claimedAt: NOW, firstOpenedAt: NOW }, elapsedMinutes: 15, openedAt: LATER });
  });

  it('an opening time after the submission (clocks apart) is not used: the claim is as of the submission', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'confirmed' });
    const alertId = await coreRaisesAlert(db, 'late_cancel', 'QRV-A1B2C3');
    const future = new Date(LATER.getTime() + 60_000);
    const done = await explainCancellationPolicy({ db, clock: later, timeZone: 'Asia/Tokyo' }, { alertId, userId: 'U0SATO', record: { durationMinutes: null, note: null, openedAt: future } });
    expect(done).toMatchObject({ alert: { claimedAt: LATER }, record: { durationMinutes: 0 } });
  });

  it('an alert opened before and let go (its first open stamped): claimed as of the submission, 所要時間 still from the first open', async () => {
    const db = dbOf();
    await seedReservation(db, { status: 'confirmed' });
    const alertId = await coreRaisesAlert(db, 'late_cancel', 'QRV-A1B2C3');
    const firstOpen = new Date(NOW.getTime() - 5 * 60_000);
    await db.update(alerts).set({ firstOpenedAt: firstOpen }).where(eq(alerts.id, alertId));
    const done = await explainCancellationPolicy({ db, clock: later, timeZone: 'Asia/Tokyo' }, { alertId, userId: 'U0SATO', record: { durationMinutes: null, note: null, openedAt: NOW } });
    expect(done).toMatchObject({ alert: { claimedAt: LATER, firstOpenedAt: firstOpen }, record: { durationMinutes: 20 } });
  });
});
