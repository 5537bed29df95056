import { TZDate } from '@date-fns/tz';
import type { Clock } from '../domain/clock.js';

/** Where the side panel can send the bot's clock. */
export type ClockJump = { minutes: number } | { at: '10:00' | '18:00' } | { weekday: 'friday' };

/**
 * The sandbox's clock: real time plus an offset the side panel moves forward (never back, like
 * time). The bot, the fake Slack's timestamps and the scheduler all read it. `startAt` starts it
 * there instead of at the real time (tests: clear of the 10:00 and 18:00 posts); reset returns there.
 */
export function createSandboxClock(timeZone: string, startAt?: Date): Clock & { offsetMs(): number; jump(to: ClockJump): Date; reset(): void } {
  const initial = startAt ? startAt.getTime() - Date.now() : 0;
  let offset = initial;
  const now = () => new Date(Date.now() + offset);
  return {
    now,
    offsetMs: () => offset,
    reset() {
      offset = initial;
    },
    jump(to) {
      const target = jumpTarget(now(), to, timeZone);
      offset += Math.max(0, target.getTime() - now().getTime());
      return now();
    },
  };
}

/** The next moment matching the jump (always later than `from`). */
export function jumpTarget(from: Date, to: ClockJump, timeZone: string): Date {
  if ('minutes' in to) return new Date(from.getTime() + to.minutes * 60_000);
  const local = new TZDate(from, timeZone);
  if ('at' in to) {
    const [hour, minute] = to.at.split(':').map(Number) as [number, number];
    let target = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), hour, minute, timeZone);
    if (target.getTime() <= from.getTime()) target = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, hour, minute, timeZone);
    return new Date(target.getTime());
  }
  // Friday 09:55: the weekly report (Friday 18:00) and the week's last working day still ahead.
  const days = (5 - local.getDay() + 7) % 7 || 7;
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + days, 9, 55, timeZone).getTime());
}
