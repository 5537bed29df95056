import { beforeEach, describe, expect, it } from 'vitest';
import { loadWeeklyMetrics, summariseAlertTimings } from '../../src/metrics/weekly.js';
import { useTestDatabase } from '../support/db.js';
import { fixedClock, jst, seedAlert, seedCalls, seedReservations } from '../support/metrics-seed.js';
import { seedShops } from '../support/seed.js';

const t = useTestDatabase();
beforeEach(async () => {
  await seedShops(t.database.db);
});

const TZ = 'Asia/Tokyo';
// Friday 2026-12-04, 18:00 JST: the weekly report.
const clock = fixedClock('2026-12-04 18:00');
const load = () => loadWeeklyMetrics({ db: t.database.db, clock, timeZone: TZ });

describe('weekly metrics (manual §4.2 週次確認項目)', () => {
  it('an empty week: seven empty days, no rates, no flags', async () => {
    const w = await load();
    expect(w.days.map((d) => d.date)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(w.days.map((d) => d.weekday)).toEqual([6, 0, 1, 2, 3, 4, 5]);
    expect(w.days.every((d) => d.total === 0)).toBe(true);
    expect(w.reservations).toBe(0);
    expect(w.cancelRate).toBeNull();
    expect(w.avgCalls).toBeNull();
    expect(w.alertTimings).toEqual([]);
    expect(w.flags).toEqual([]);
  });

  it('reservations by weekday and status; the week before and the day after are left out', async () => {
    await seedReservations(t.database.db, '2026-11-27 23:59', ['confirmed']); // Friday before
    await seedReservations(t.database.db, '2026-11-28 00:00', ['confirmed', 'failed']);
    await seedReservations(t.database.db, '2026-12-01 12:00', ['cancelled', 'confirmed', 'completed']);
    await seedReservations(t.database.db, '2026-12-04 17:00', ['calling']);
    const w = await load();
    expect(w.days.map((d) => d.total)).toEqual([2, 0, 0, 3, 0, 0, 1]);
    expect(w.days[3]!.byStatus).toEqual({ cancelled: 1, confirmed: 1, completed: 1 });
    expect(w.byStatus).toEqual({ confirmed: 2, failed: 1, cancelled: 1, completed: 1, calling: 1 });
  });

  it('cancellation rate = cancelled / confirmed bookings, flagged above 10%', async () => {
    // On the last completed day, so that the day-to-day trend (next test) stays quiet.
    await seedReservations(t.database.db, '2026-12-03 11:00', [...Array(9).fill('confirmed'), 'cancelled', 'failed', 'payment_expired']);
    let w = await load();
    expect(w.cancelRate).toBeCloseTo(1 / 10);
    expect(w.flags).toEqual([]);
    await seedReservations(t.database.db, '2026-12-03 12:00', ['cancelled']);
    w = await load();
    expect(w.cancelRate).toBeCloseTo(2 / 11);
    expect(w.flags.map((f) => f.message)).toEqual(['キャンセル率が10%超過です']);
  });

  it('急激な増減: a completed day below 50% or above 200% of the day before (from 10 reservations), today left out', async () => {
    await seedReservations(t.database.db, '2026-11-30 12:00', Array(10).fill('confirmed'));
    await seedReservations(t.database.db, '2026-12-01 12:00', Array(5).fill('confirmed')); // 50%: not below
    await seedReservations(t.database.db, '2026-12-02 12:00', Array(4).fill('confirmed')); // from 5: too few to judge
    let w = await load();
    expect(w.flags).toEqual([]);

    await seedReservations(t.database.db, '2026-12-01 13:00', Array(16).fill('confirmed')); // 21 = 210% of 10
    await seedReservations(t.database.db, '2026-12-04 12:00', Array(30).fill('confirmed')); // today: not over yet
    w = await load();
    expect(w.flags.map((f) => f.message)).toEqual([
      '今週の予約推移に急激な増減があります（11月30日→12月1日: 10件→21件）',
      '今週の予約推移に急激な増減があります（12月1日→12月2日: 21件→4件）',
    ]);
  });

  it('average calls per successful reservation, flagged above 5', async () => {
    const [a, b, failed] = await seedReservations(t.database.db, '2026-12-02 12:00', ['confirmed', 'payment_pending', 'calling_failed']);
    await seedCalls(t.database.db, a!, 'SHOP-001', ['ng', 'ng', 'ok']);
    await seedCalls(t.database.db, b!, 'SHOP-002', ['no_answer', 'ng', 'ng', 'ng', 'ng', 'ng', 'ok']);
    await seedCalls(t.database.db, failed!, 'SHOP-001', Array(10).fill('ng')); // not a success: not counted
    const w = await load();
    expect(w.successes).toBe(2);
    expect(w.calls).toBe(10);
    expect(w.avgCalls).toBe(5);
    expect(w.flags).toEqual([]);
    await seedCalls(t.database.db, a!, 'SHOP-002', ['ng']);
    expect((await load()).flags.map((f) => f.message)).toEqual(['平均電話発信回数が5店舗超過です']);
  });

  it('time to claim and to resolve per alert kind, against each deadline', async () => {
    // 全店NG: deadline 1 hour.
    await seedAlert(t.database.db, { kind: 'all_shops_ng', at: '2026-12-01 10:00', claimedAt: '2026-12-01 10:10', resolvedAt: '2026-12-01 10:40' });
    await seedAlert(t.database.db, { kind: 'all_shops_ng', at: '2026-12-01 11:00', claimedAt: '2026-12-01 11:30', resolvedAt: '2026-12-01 12:30' });
    await seedAlert(t.database.db, { kind: 'all_shops_ng', at: '2026-12-04 17:30' }); // open, not yet due at 18:00
    // SMS送信失敗: 30 minutes; open and past it.
    await seedAlert(t.database.db, { kind: 'sms_failed', at: '2026-12-04 17:00' });
    const w = await load();
    const byKind = Object.fromEntries(w.alertTimings.map((t) => [t.kind, t]));
    expect(byKind.all_shops_ng).toEqual({
      kind: 'all_shops_ng', count: 3, claimed: 2, avgClaimMinutes: 20, resolved: 2, avgResolveMinutes: 65, resolvedInTime: 1, overdue: 1,
    });
    expect(byKind.sms_failed).toMatchObject({ count: 1, claimed: 0, avgClaimMinutes: null, resolved: 0, avgResolveMinutes: null, overdue: 1 });
  });

  it('system alerts take their deadline from details.severity; overrides apply', () => {
    const at = jst('2026-12-01 10:00');
    const plus = (min: number) => new Date(at.getTime() + min * 60_000);
    const rows = [
      { kind: 'system', severity: 'low', createdAt: at, claimedAt: null, resolvedAt: plus(600) }, // 24 h: in time
      { kind: 'system', severity: 'critical', createdAt: at, claimedAt: null, resolvedAt: plus(31) }, // 30 min: late
      { kind: 'change_request', severity: null, createdAt: at, claimedAt: null, resolvedAt: plus(90) },
    ];
    const [system, change] = summariseAlertTimings(rows, plus(1000), { change_request: { deadlineMinutes: 120 } });
    expect(system).toMatchObject({ kind: 'system', resolvedInTime: 1, overdue: 1 });
    expect(change).toMatchObject({ kind: 'change_request', resolvedInTime: 1, overdue: 0 });
  });
});
