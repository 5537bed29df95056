import type { ScheduleConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logger.js';
import type { ScheduledPostsRepository } from '../repositories/scheduled-posts.js';
import { dueSlots, type DueSlot } from './slots.js';

/** Posts one report somewhere (Slack) and returns where it landed. */
export interface ReportPublisher {
  publish(slot: DueSlot): Promise<{ channel: string; ts: string }>;
}

export interface RunScheduledPostsDeps {
  posts: ScheduledPostsRepository;
  publisher: ReportPublisher;
  clock: Clock;
  schedule: ScheduleConfig;
  timeZone: string;
  owner: string;
  logger: Logger;
  leaseMs?: number;
}

/**
 * Every due slot not yet posted goes out once: the instance whose insert of the slot wins posts
 * it; the others skip it. Called by the per-minute job and once at start-up (catch-up: a slot
 * missed while the bot was down goes out marked 遅延 the same day). Returns the slots posted.
 */
export async function runScheduledPosts(deps: RunScheduledPostsDeps): Promise<DueSlot[]> {
  const posted: DueSlot[] = [];
  for (const slot of dueSlots({ now: deps.clock.now(), schedule: deps.schedule, timeZone: deps.timeZone })) {
    const claimed = await deps.posts.claim({ ...slot, owner: deps.owner, leaseMs: deps.leaseMs ?? 120_000 });
    if (!claimed) continue;
    const log = deps.logger.child({ slot: slot.slot, late: slot.late });
    try {
      const where = await deps.publisher.publish(slot);
      await deps.posts.markPosted({ slot: slot.slot, owner: deps.owner, ...where });
      log.info({ channel: where.channel, ts: where.ts }, 'scheduled post sent');
      posted.push(slot);
    } catch (error) {
      log.error({ err: error }, 'scheduled post failed; will retry');
      await deps.posts.release({ slot: slot.slot, owner: deps.owner, error: String((error as Error).message ?? error), retryInMs: 60_000 });
    }
  }
  return posted;
}
