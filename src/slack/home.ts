import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { createHomeViewersRepository } from '../repositories/home-viewers.js';
import { buildHomeView } from '../views/home.js';
import { buildQueueBlocks } from '../views/queue.js';
import { loadOpenWork } from '../workflows/queue.js';

/** How long after opening the Home tab a user's queue is kept up to date. */
const VIEWER_WINDOW_MS = 24 * 3_600_000;

/** The open-work queue (computed now) and the shared dashboard (`fresh` for 更新), as the user's App Home tab. */
export async function publishHome(client: WebClient, deps: AppDeps, userId: string, options: { fresh?: boolean } = {}): Promise<void> {
  const [dashboard, queue] = await Promise.all([deps.dashboard.load(options), loadOpenWork(deps)]);
  const now = deps.clock.now();
  const view = buildHomeView({
    ...dashboard,
    timeZone: deps.config.timezone,
    overrides: deps.config.alertOverrides,
    queue: buildQueueBlocks(queue, { now, timeZone: deps.config.timezone, userId }),
  });
  await client.views.publish({ user_id: userId, view });
}

/** The user opened the Home tab: remembered, so that alert changes refresh it. */
export async function homeOpened(client: WebClient, deps: AppDeps, userId: string): Promise<void> {
  await createHomeViewersRepository({ db: deps.db }).seen({ userId, at: deps.clock.now() });
  await publishHome(client, deps, userId);
}

/** Per bot: the refresh running now, and the one queued after it (shared by every change meanwhile). */
const refreshes = new WeakMap<AppDeps, { running?: Promise<void>; queued?: Promise<void> }>();

/**
 * An alert changed (posted, claimed, handed over, held, resolved, overdue): every Home tab opened
 * in the last day is republished. A failure is logged, never the alert's own step's failure.
 * Changes during a refresh share one refresh after it (a storm of alerts costs two, not one per alert):
 * the promise resolves once a refresh that started after the call has ended.
 */
export function refreshHomes(client: WebClient, deps: AppDeps): Promise<void> {
  const s = refreshes.get(deps) ?? {};
  refreshes.set(deps, s);
  const start = (): Promise<void> => {
    const run = republishAll(client, deps).finally(() => {
      if (s.running === run) s.running = undefined;
    });
    s.running = run;
    return run;
  };
  if (!s.running) return start();
  s.queued ??= s.running.then(() => {
    s.queued = undefined;
    return start();
  });
  return s.queued;
}

async function republishAll(client: WebClient, deps: AppDeps): Promise<void> {
  try {
    const since = new Date(deps.clock.now().getTime() - VIEWER_WINDOW_MS);
    const users = await createHomeViewersRepository({ db: deps.db }).since(since);
    for (const userId of users) await publishHome(client, deps, userId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not refresh the App Home queues');
  }
}
