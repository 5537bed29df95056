import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { dueSlots, firstBusinessDays } from '../../src/schedule/slots.js';
import { localDay } from '../../src/metrics/period.js';
import { jst } from '../support/metrics-seed.js';

const TZ = 'Asia/Tokyo';
const schedule = loadConfig({}).schedule;
const due = (at: string, s = schedule) => dueSlots({ now: jst(at), schedule: s, timeZone: TZ }).map((d) => `${d.slot}${d.late ? ' late' : ''}`);

describe('dueSlots', () => {
  it('defaults: 10:00 morning, 18:00 evening, Friday 18:00 weekly, first business day 10:00 monthly', () => {
    expect(schedule).toEqual({
      morning: { hour: 10, minute: 0 }, evening: { hour: 18, minute: 0 }, weekly: { weekday: 5, hour: 18, minute: 0 }, monthly: { businessDay: 1, hour: 10, minute: 0 },
    });
  });

  it('nothing before 10:00; the morning slot at 10:00, on time until ten minutes past, late after', () => {
    expect(due('2026-11-30 09:59')).toEqual([]);
    expect(due('2026-11-30 10:00')).toEqual(['morning:2026-11-30']);
    expect(due('2026-11-30 10:10')).toEqual(['morning:2026-11-30']);
    expect(due('2026-11-30 10:11')).toEqual(['morning:2026-11-30 late']);
    expect(due('2026-11-30 23:59')).toEqual(['morning:2026-11-30 late', 'evening:2026-11-30 late']);
  });

  it("a slot of yesterday is stale: after midnight only today's count", () => {
    expect(due('2026-12-01 00:05')).toEqual([]);
  });

  it('weekly on the configured weekday only', () => {
    expect(due('2026-11-27 18:00')).toEqual(['morning:2026-11-27 late', 'evening:2026-11-27', 'weekly:2026-11-27']);
    expect(due('2026-11-26 18:00')).toEqual(['morning:2026-11-26 late', 'evening:2026-11-26']);
  });

  it('monthly: on the n-th business day, caught up late until the fifth business day, not after', () => {
    // December 2026 starts on a Tuesday: business days 1, 2, 3, 4, 7.
    expect(firstBusinessDays(localDay(jst('2026-12-15 12:00'), TZ), 5, TZ).map((d) => d.date)).toEqual([
      '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07',
    ]);
    expect(due('2026-12-01 10:00')).toContain('monthly:2026-12');
    expect(due('2026-12-05 09:00')).toEqual(['monthly:2026-12 late']); // Saturday, inside the window
    expect(due('2026-12-07 23:00')).toContain('monthly:2026-12 late');
    expect(due('2026-12-08 10:00')).not.toContain('monthly:2026-12 late');
    const third = loadConfig({ QRV_MONTHLY_AT: '3 09:30' }).schedule;
    expect(due('2026-12-02 12:00', third)).not.toContain('monthly:2026-12');
    expect(due('2026-12-03 09:30', third)).toContain('monthly:2026-12');
  });

  it('configured times', () => {
    const s = loadConfig({ QRV_MORNING_AT: '9:15', QRV_EVENING_AT: '17:45', QRV_WEEKLY_AT: 'mon 8:00' }).schedule;
    expect(due('2026-11-30 09:15', s)).toEqual(['morning:2026-11-30', 'weekly:2026-11-30 late']);
    expect(() => loadConfig({ QRV_WEEKLY_AT: 'FRIDAY 18:00' })).toThrow(/QRV_WEEKLY_AT/);
    expect(() => loadConfig({ QRV_MORNING_AT: '25:00' })).toThrow(/QRV_MORNING_AT/);
  });
});
