import { formatClock } from './time.js';

export interface Proposal {
  startsAt: Date;
  endsAt: Date;
  service: string;
  amountJpy: number | null;
}

interface ReservationValues {
  startsAt: Date;
  endsAt: Date;
  service: string;
  amountJpy: number | null;
}

const MINUTE = 60_000;

/**
 * The reservation as the shop asked it to be (変更依頼), to prefill the form the operator
 * confirms: structured details from the core when present (starts_at, ends_at, service,
 * amount_jpy), else read from the change text — 「15:00→15:30に変更」 moves the reservation by the
 * difference, 「30分遅らせて」/「30分早めて」 too. Anything not understood keeps its current value.
 */
export function proposeChange(r: ReservationValues, details: Record<string, unknown>, timeZone: string): Proposal {
  const date = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  const service = typeof details.service === 'string' && details.service.trim() ? details.service.trim() : r.service;
  const amountJpy = Number.isInteger(details.amount_jpy) && (details.amount_jpy as number) > 0 ? (details.amount_jpy as number) : r.amountJpy;
  const startsAt = date(details.starts_at);
  if (startsAt) {
    const endsAt = date(details.ends_at) ?? new Date(startsAt.getTime() + (r.endsAt.getTime() - r.startsAt.getTime()));
    return { startsAt, endsAt, service, amountJpy };
  }
  const shift = shiftMinutes(typeof details.change === 'string' ? details.change.normalize('NFKC') : '', r, timeZone);
  return {
    startsAt: new Date(r.startsAt.getTime() + shift * MINUTE),
    endsAt: new Date(r.endsAt.getTime() + shift * MINUTE),
    service,
    amountJpy,
  };
}

function shiftMinutes(text: string, r: ReservationValues, timeZone: string): number {
  const arrow = /(\d{1,2}):(\d{2})\s*(?:→|->|から)\s*(\d{1,2}):(\d{2})/.exec(text);
  if (arrow) {
    const [from, to] = [Number(arrow[1]) * 60 + Number(arrow[2]), Number(arrow[3]) * 60 + Number(arrow[4])];
    const clock = (d: Date) => {
      const [h, m] = formatClock(d, timeZone).split(':').map(Number) as [number, number];
      return h * 60 + m;
    };
    if (from === clock(r.startsAt) || from === clock(r.endsAt)) return to - from;
    return 0;
  }
  const later = /(\d{1,3})分(?:遅らせ|後ろ|ずら|繰り下げ)/.exec(text);
  if (later) return Number(later[1]);
  const earlier = /(\d{1,3})分(?:早め|前倒し|繰り上げ)/.exec(text);
  if (earlier) return -Number(earlier[1]);
  return 0;
}
