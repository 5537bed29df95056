import { RESERVATION_STATUS_NAMES } from '../domain/reservation-status.js';
import type { StatusCounts } from '../metrics/formulas.js';

/**
 * The week's reservations by weekday and status as a stacked bar chart, in SVG. Pure.
 * Labels are ASCII (dates, English weekdays, the status codes of the shared vocabulary) so the
 * PNG renders the same on a server without CJK fonts; the Slack text around it is Japanese.
 */
export interface ChartDay {
  date: string;
  weekday: number;
  byStatus: StatusCounts;
}

const STATUS_COLORS: Record<string, string> = {
  received: '#9E9E9E',
  calling: '#64B5F6',
  calling_success: '#4DB6AC',
  payment_pending: '#FFD54F',
  confirmed: '#2EB67D',
  completed: '#1B5E20',
  calling_failed: '#F2952F',
  failed: '#E01E5A',
  payment_expired: '#8D6E63',
  cancelled: '#7B1FA2',
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const W = 880;
const H = 460;
const PLOT = { left: 70, right: 200, top: 50, bottom: 60 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round axis maximum and step: 0–5 → 5, 37 → 40, 1234 → 1400. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 5) return { top: 5, step: 1 };
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].map((m) => (m * magnitude) / 5).find((s) => max / s <= 8) ?? magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

export function buildWeeklyChartSvg({ days, title }: { days: ChartDay[]; title: string }): string {
  const statuses = RESERVATION_STATUS_NAMES.filter((s) => days.some((d) => (d.byStatus[s] ?? 0) > 0));
  const totals = days.map((d) => statuses.reduce((sum, s) => sum + (d.byStatus[s] ?? 0), 0));
  const { top, step } = niceScale(Math.max(0, ...totals));
  const plotW = W - PLOT.left - PLOT.right;
  const plotH = H - PLOT.top - PLOT.bottom;
  const y = (v: number) => PLOT.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, days.length);
  const barW = slot * 0.6;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Noto Sans CJK JP, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="30" font-size="18" font-weight="bold" fill="#1d1c1d">${esc(title)}</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#616061">${v}</text>`);
  }
  days.forEach((day, i) => {
    const x = PLOT.left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const s of statuses) {
      const n = day.byStatus[s] ?? 0;
      if (n <= 0) continue;
      parts.push(`<rect data-status="${s}" data-count="${n}" x="${x.toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + n)).toFixed(1)}" fill="${STATUS_COLORS[s] ?? '#000'}"/>`);
      base += n;
    }
    const cx = (x + barW / 2).toFixed(1);
    parts.push(`<text x="${cx}" y="${(y(totals[i]!) - 6).toFixed(1)}" font-size="12" text-anchor="middle" fill="#1d1c1d">${totals[i]}</text>`);
    parts.push(`<text x="${cx}" y="${H - PLOT.bottom + 20}" font-size="12" text-anchor="middle" fill="#1d1c1d">${esc(day.date.slice(5).replace('-', '/'))}</text>`);
    parts.push(`<text x="${cx}" y="${H - PLOT.bottom + 36}" font-size="12" text-anchor="middle" fill="#616061">${WEEKDAYS[day.weekday]}</text>`);
  });
  parts.push(`<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${y(0)}" y2="${y(0)}" stroke="#616061"/>`);
  // The legend reads top-down like the stacks: the last status stacked comes first.
  [...statuses].reverse().forEach((s, i) => {
    const ly = PLOT.top + i * 22;
    parts.push(`<rect x="${W - PLOT.right + 20}" y="${ly}" width="14" height="14" fill="${STATUS_COLORS[s] ?? '#000'}"/>`);
    parts.push(`<text x="${W - PLOT.right + 40}" y="${ly + 12}" font-size="12" fill="#1d1c1d">${esc(s)}</text>`);
  });
  if (statuses.length === 0) {
    parts.push(`<text x="${PLOT.left + plotW / 2}" y="${PLOT.top + plotH / 2}" font-size="16" text-anchor="middle" fill="#616061">no reservations</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
