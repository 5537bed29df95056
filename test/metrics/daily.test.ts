import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dailyFlags, paymentSuccessRate, reservationSuccessRate, type DailyFlagInput } from '../../src/metrics/formulas.js';
import { loadDailyMetrics } from '../../src/metrics/daily.js';
import { useTestDatabase } from '../support/db.js';
import { fixedClock, seedAlert, seedReservations } from '../support/metrics-seed.js';

const t = useTestDatabase();

const TZ = 'Asia/Tokyo';
// Monday 2026-11-30, 10:00 JST: the morning check.
const clock = fixedClock('2026-11-30 10:00');
const load = () => loadDailyMetrics({ db: t.database.db, clock, timeZone: TZ });

describe('daily metrics (manual §4.2 日次確認項目)', () => {
  it('an empty database: zero counts, no rates (no division by zero), no flags', async () => {
    const m = await load();
    expect(m.today.date).toBe('2026-11-30');
    expect(m.yesterday.date).toBe('2026-11-29');
    expect(m.reservationsToday).toBe(0);
    expect(m.todayByStatus).toEqual({});
    expect(m.manualOpsToday).toBe(0);
    expect(m.manualShare).toBeNull();
    expect(m.successRateYesterday).toBeNull();
    expect(m.paymentRateYesterday).toBeNull();
    expect(m.usualReservations).toBe(0);
    expect(m.flags).toEqual([]);
  });

  it('counts by Asia/Tokyo day: 23:59:59 belongs to yesterday, 00:00 to today', async () => {
    await seedReservations(t.database.db, '2026-11-28 23:59', ['confirmed']); // Saturday: neither
    await seedReservations(t.database.db, '2026-11-29 00:00', ['confirmed']);
    await t.database.db.execute(
      sql.raw(`insert into reservations (id, service, starts_at, ends_at, address, client_phone, status, created_at)
       values ('QRV-EDGE01', 's', now(), now(), 'a', 'p', 'failed', '2026-11-29T14:59:59.999Z'),
              ('QRV-EDGE02', 's', now(), now(), 'a', 'p', 'calling', '2026-11-29T15:00:00Z')`),
    );
    const m = await load();
    expect(m.yesterdayByStatus).toEqual({ confirmed: 1, failed: 1 });
    expect(m.todayByStatus).toEqual({ calling: 1 });
  });

  it("yesterday's success rate and payment success rate, flagged below 80% and 90%", async () => {
    await seedReservations(t.database.db, '2026-11-29 12:00', [
      ...Array(5).fill('confirmed'), 'payment_expired', 'calling_success', 'calling_failed', 'failed', 'calling',
    ]);
    const m = await load();
    expect(m.successRateYesterday).toBeCloseTo(7 / 10); // confirmed×5, payment_expired, calling_success
    expect(m.paymentRateYesterday).toBeCloseTo(5 / 6); // paid / (paid + payment_expired)
    expect(m.flags.map((f) => f.message)).toEqual(['予約成功率が80%未満です → 原因調査', '決済成功率が90%未満です → 原因調査']);
  });

  it("today's reservations by status, manual operations (not info or system alerts) and their share", async () => {
    const [first] = await seedReservations(t.database.db, '2026-11-30 08:00', ['calling_failed', 'confirmed', 'calling']);
    await seedAlert(t.database.db, { kind: 'all_shops_ng', reservationId: first, at: '2026-11-30 08:30' });
    await seedAlert(t.database.db, { kind: 'payment_expired', reservationId: first, at: '2026-11-30 08:40' });
    await seedAlert(t.database.db, { kind: 'system', at: '2026-11-30 08:50', details: { severity: 'critical' } });
    await seedAlert(t.database.db, { kind: 'sms_failed', reservationId: first, at: '2026-11-29 23:50' }); // yesterday
    const m = await load();
    expect(m.todayByStatus).toEqual({ calling_failed: 1, confirmed: 1, calling: 1 });
    expect(m.reservationsToday).toBe(3);
    expect(m.manualOpsToday).toBe(1);
    expect(m.manualShare).toBeCloseTo(1 / 3);
    expect(m.flags.map((f) => f.code)).toEqual(['manual_share']);
    expect(m.flags[0]!.message).toBe('マニュアルオペレーション件数が予約件数の10%超過です');
  });

  it('the usual level: the last 4 same weekdays up to the same time of day', async () => {
    for (const monday of ['2026-11-23', '2026-11-16', '2026-11-09', '2026-11-02']) {
      await seedReservations(t.database.db, `${monday} 09:00`, ['confirmed', 'confirmed', 'confirmed', 'confirmed']);
      await seedReservations(t.database.db, `${monday} 11:00`, Array(20).fill('confirmed')); // after 10:00: not counted
    }
    await seedReservations(t.database.db, '2026-11-29 09:00', Array(50).fill('confirmed')); // a Sunday: not counted
    await seedReservations(t.database.db, '2026-11-30 09:30', ['calling']);
    let m = await load();
    expect(m.usualReservations).toBe(4);
    expect(m.flags.map((f) => f.message)).toContain('今日の予約件数が通常の50%未満です');

    await seedReservations(t.database.db, '2026-11-30 09:40', Array(8).fill('calling')); // 9 > 2 × 4
    m = await load();
    expect(m.flags.map((f) => f.message)).toContain('今日の予約件数が通常の200%超過です');
    expect(m.flags.map((f) => f.code)).not.toContain('reservations_low');
  });

  it('manual operations at twice the usual level or more are flagged', async () => {
    await seedReservations(t.database.db, '2026-11-30 09:00', Array(30).fill('confirmed'));
    await seedAlert(t.database.db, { kind: 'ambiguous_answer', at: '2026-11-23 09:00' });
    await seedAlert(t.database.db, { kind: 'ambiguous_answer', at: '2026-11-16 09:00' }); // usual = 2 / 4 = 0.5
    await seedAlert(t.database.db, { kind: 'ambiguous_answer', at: '2026-11-16 12:00' }); // after 10:00: not counted
    const m0 = await load();
    expect(m0.usualManualOps).toBe(0.5);
    expect(m0.flags.map((f) => f.code)).not.toContain('manual_ops_double');
    await seedAlert(t.database.db, { kind: 'change_request', at: '2026-11-30 09:10' });
    const m = await load();
    expect(m.manualOpsToday).toBe(1);
    expect(m.flags.map((f) => f.message)).toContain('マニュアルオペ件数が通常の2倍以上です → Slack確認');
  });
});

describe('formulas and thresholds', () => {
  const base: DailyFlagInput = {
    reservationsToday: 100, usualReservations: 100, manualOpsToday: 0, usualManualOps: 0, successRateYesterday: 0.9, paymentRateYesterday: 0.95,
  };
  const codes = (over: Partial<DailyFlagInput>) => dailyFlags({ ...base, ...over }).map((f) => f.code);

  it('exact thresholds are not flagged; just past them is', () => {
    expect(codes({ successRateYesterday: 0.8, paymentRateYesterday: 0.9 })).toEqual([]);
    expect(codes({ successRateYesterday: 0.7999 })).toEqual(['success_rate']);
    expect(codes({ paymentRateYesterday: 0.8999 })).toEqual(['payment_rate']);
    expect(codes({ reservationsToday: 50 })).toEqual([]);
    expect(codes({ reservationsToday: 49 })).toEqual(['reservations_low']);
    expect(codes({ reservationsToday: 200, manualOpsToday: 0 })).toEqual([]);
    expect(codes({ reservationsToday: 201 })).toEqual(['reservations_high']);
    expect(codes({ manualOpsToday: 10 })).toEqual([]);
    expect(codes({ manualOpsToday: 11 })).toEqual(['manual_share']);
    expect(codes({ manualOpsToday: 3, usualManualOps: 2 })).toEqual([]);
    expect(codes({ manualOpsToday: 4, usualManualOps: 2 })).toEqual(['manual_ops_double']);
  });

  it('no baseline, no level flag; manual operations on a day without reservations exceed 10%', () => {
    expect(codes({ usualReservations: 0, reservationsToday: 0 })).toEqual([]);
    expect(codes({ usualReservations: 0, reservationsToday: 0, manualOpsToday: 1 })).toEqual(['manual_share']);
  });

  it('rates divide only by something', () => {
    expect(reservationSuccessRate({})).toBeNull();
    expect(paymentSuccessRate({ failed: 3, calling_failed: 1 })).toBeNull();
    expect(reservationSuccessRate({ failed: 3, completed: 1 })).toBe(0.25);
  });
});
