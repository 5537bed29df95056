import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatTimeRange, fromDateTimeInput, toDateInput, toTimeInput } from '../../src/domain/time.js';

/** The reference: date-fns on a TZDate (what these functions computed before they read Intl directly). */
const ref = (at: Date, timeZone: string, pattern: string) => format(new TZDate(at, timeZone), pattern);

describe('times as operators read them', () => {
  it('shows the manual’s forms in Asia/Tokyo', () => {
    const start = new Date('2026-01-30T05:00:00Z'); // 14:00 JST
    expect(formatTimeRange(start, new Date('2026-01-30T08:00:00Z'), 'Asia/Tokyo')).toBe('1月30日 14:00-17:00');
    expect(formatTimeRange(new Date('2026-01-30T14:30:00Z'), new Date('2026-01-30T15:30:00Z'), 'Asia/Tokyo')).toBe('1月30日 23:30-1月31日 00:30');
    expect(formatDateTime(new Date('2026-01-27T15:05:00Z'), 'Asia/Tokyo')).toBe('1月28日 00:05');
    expect(formatClock(new Date('2026-01-28T05:05:00Z'), 'Asia/Tokyo')).toBe('14:05');
    expect(toDateInput(new Date('2026-12-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2027-01-01');
    expect(toTimeInput(new Date('2026-12-31T15:00:00Z'), 'Asia/Tokyo')).toBe('00:00');
  });

  it('agrees with date-fns over a year of instants, across daylight saving time changes', () => {
    const zones = ['Asia/Tokyo', 'America/New_York', 'Europe/London', 'UTC'];
    for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3 * 3_600_000 + 7 * 60_000) {
      const d = new Date(at);
      for (const tz of zones) {
        expect(formatDateTime(d, tz)).toBe(ref(d, tz, 'M月d日 HH:mm'));
        expect(toDateInput(d, tz)).toBe(ref(d, tz, 'yyyy-MM-dd'));
        expect(toTimeInput(d, tz)).toBe(ref(d, tz, 'HH:mm'));
      }
    }
  });

  it('instants within one minute read the same wall clock, the next minute the next (readings are kept per minute)', () => {
    const at = (iso: string) => formatClock(new Date(iso), 'Asia/Tokyo');
    expect([at('2026-01-28T05:05:00.000Z'), at('2026-01-28T05:05:59.999Z'), at('2026-01-28T05:06:00.000Z')]).toEqual(['14:05', '14:05', '14:06']);
    expect(formatClock(new Date('2026-01-28T05:05:30Z'), 'America/New_York')).toBe('00:05'); // the same minute, another zone
  });

  it('reads a datepicker date and timepicker time back to the same instant', () => {
    expect(fromDateTimeInput('2026-01-30', '14:00', 'Asia/Tokyo')?.toISOString()).toBe('2026-01-30T05:00:00.000Z');
    expect(fromDateTimeInput('2026-02-30', '14:00', 'Asia/Tokyo')).toBeUndefined();
    expect(fromDateTimeInput('2026-01-30', '24:00', 'Asia/Tokyo')).toBeUndefined();
  });
});
