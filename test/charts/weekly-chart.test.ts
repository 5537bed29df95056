import { describe, expect, it } from 'vitest';
import { renderPng } from '../../src/charts/render-png.js';
import { buildWeeklyChartSvg, niceScale } from '../../src/charts/weekly-chart.js';

const days = [
  { date: '2026-11-28', weekday: 6, byStatus: { confirmed: 3, cancelled: 1 } },
  { date: '2026-11-29', weekday: 0, byStatus: {} },
  { date: '2026-11-30', weekday: 1, byStatus: { failed: 2 } },
];

describe('weekly chart', () => {
  it('stacks one rectangle per day and status, labels days and totals, lists the statuses present', () => {
    const svg = buildWeeklyChartSvg({ days, title: 'week <1>' });
    const rects = [...svg.matchAll(/data-status="(\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(rects).toEqual(['confirmed=3', 'cancelled=1', 'failed=2']);
    expect(svg).toContain('>11/28<');
    expect(svg).toContain('>Sat<');
    expect(svg).toContain('>4<'); // Saturday's total
    expect(svg).toContain('week &lt;1&gt;');
    expect(svg).not.toContain('>completed<');
  });

  it('an empty week says so', () => {
    expect(buildWeeklyChartSvg({ days: days.map((d) => ({ ...d, byStatus: {} })), title: 't' })).toContain('no reservations');
  });

  it('round axis scales', () => {
    expect(niceScale(0)).toEqual({ top: 5, step: 1 });
    expect(niceScale(37)).toEqual({ top: 40, step: 5 });
    expect(niceScale(3760)).toEqual({ top: 4000, step: 500 });
  });

  it('renders to a PNG of the SVG size', () => {
    const png = renderPng(buildWeeklyChartSvg({ days, title: 't' }));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([880, 460]);
  });
});
