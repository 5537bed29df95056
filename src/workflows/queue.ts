import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import type { Clock } from '../domain/clock.js';
import { compareQueueItems, queueItemOf, type QueueItem } from '../domain/queue.js';
import { createAlertsRepository } from '../repositories/alerts.js';

/** Every open alert as a queue line, sorted by priority then deadline. */
export async function loadOpenWork(deps: { db: Queryable; clock: Clock; config: Pick<Config, 'alertOverrides'> }): Promise<QueueItem[]> {
  const now = deps.clock.now();
  const open = await createAlertsRepository({ db: deps.db }).listOpen(500);
  return open.map((a) => queueItemOf(a, deps.config.alertOverrides, now)).sort(compareQueueItems);
}
