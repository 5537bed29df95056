import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Alert } from '../db/schema.js';
import type { PostingOrder } from '../domain/alert-kinds.js';
import type { AlertsRepository, LeasedAlert } from '../repositories/alerts.js';
import type { Logger } from '../logger.js';
import type { RepeatLink } from '../workflows/repeat-alert.js';
import { createPostRate, DEFAULT_POST_CONCURRENCY } from './post-rate.js';

/** Where a message landed; its permalink when the poster knows it without asking (stored with the post). */
export interface PostedMessage {
  channel: string;
  ts: string;
  permalink?: string;
}

/** Where a message is (a thread's parent). */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** Posts one alert somewhere (Slack) and returns where it landed. */
export interface AlertPoster {
  /** `thread`: an alert storm's message, under which the alert is posted as a reply. */
  post(alert: Alert, thread?: MessageRef): Promise<PostedMessage>;
  /**
   * After a previous attempt may have reached Slack without being recorded (a crash between
   * the post and the write, a timeout or 5xx on a post Slack did store), finds that message
   * instead of posting a second one. Throws when it cannot tell (Slack unreachable): no post then.
   */
  findPosted?(alert: Alert, thread?: MessageRef): Promise<PostedMessage | undefined>;
  /** After the message was stored: keeps its permalink (unless stored with it) and refreshes what lists open alerts. */
  posted?(alert: Alert, where: PostedMessage): Promise<void>;
  /** A repeat of an open alert: a note in that alert's thread, not a new message (issue 9 item 6). */
  postRepeat?(link: RepeatLink): Promise<{ channel: string; ts: string }>;
  /** When a failed call was Slack's rate limit (429): the wait it asked for, in ms; else undefined. */
  retryAfterMs?(error: unknown): number | undefined;
}

/** Alert storms (src/workflows/storms.ts): which storm thread an alert goes into. */
export interface StormRouter {
  /**
   * The storm alert whose thread this alert is posted in (detecting a storm now); undefined:
   * top-level. `openStormAlertId`: the open storm's message as the lease read it (null: none), so
   * it is not asked again; undefined: not known.
   */
  stormFor(alert: Alert, openStormAlertId?: number | null): Promise<number | undefined>;
  /** An alert was posted in the storm's thread: the storm message's tally follows (coalesced, durable). */
  joined?(stormAlertId: number): Promise<void>;
}

/** The storm's message is not in Slack yet (another instance is posting it, or its post waits for a retry). */
class StormMessagePending extends Error {
  constructor(stormAlertId: number) {
    super(`the storm message (alert #${stormAlertId}) is not posted yet`);
  }
}

export interface AlertDispatcherDeps {
  alerts: AlertsRepository;
  poster: AlertPoster;
  /** Links an alert that repeats an open one (same reservation and kind); undefined when it is new. */
  linkRepeat?: (input: { id: number; owner: string }) => Promise<RepeatLink | undefined>;
  /** NOTIFY subscription for new alerts; polling is the fallback. */
  listen?: (onNotify: () => void) => Promise<() => Promise<void>>;
  logger: Logger;
  pollIntervalMs: number;
  leaseMs?: number;
  instanceId?: string;
  /** Called after an alert's message is stored (metrics: insert → post latency). */
  onPosted?: (alert: Alert) => void;
  /**
   * Alerts posted at the same time, at most (each under its own lease). The poster makes one try
   * per call (a timeout well inside the lease); a failure is retried here with back-off. A 429
   * pauses every new post for its Retry-After and lowers the bound for a while (src/alerts/post-rate.ts).
   */
  concurrency?: number;
  /** Waits out a rate-limit pause; ends early when the dispatcher stops (tests pass their own, with the `now` it moves). */
  pause?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Which waiting alert goes first: by priority, then age (a critical alert never waits behind lower ones). Default: age only. */
  order?: PostingOrder;
  /** Alert storms: manual-operation alerts go into the storm message's thread while it lasts. */
  storms?: StormRouter;
}

export interface AlertDispatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Posts every alert waiting now; resolves when none is left (used by start, NOTIFY and polling). */
  drain(): Promise<number>;
  /** Why the last alert post failed, while no later one has succeeded (readiness: alerts channel). */
  postFailure(): string | undefined;
  /** Alerts being posted now (shutdown: what would be cut). */
  inFlight(): number[];
  /**
   * Shutdown past its deadline: gives back the leases of the posts still in flight, so the next
   * start (or another instance) posts them at once — after looking for the message, as for any retry.
   */
  releaseInFlight(): Promise<number>;
}

/**
 * Gets every row the core inserts into `alerts` posted exactly once: each post holds a lease on
 * the row (SKIP LOCKED), so several bot instances never post the same alert, and a row inserted
 * while every bot was down is posted when one starts. An alert repeating an open one (same
 * reservation and kind) goes into that alert's thread instead (src/workflows/repeat-alert.ts).
 */
export function createAlertDispatcher(deps: AlertDispatcherDeps): AlertDispatcher {
  const owner = deps.instanceId ?? randomUUID();
  const leaseMs = deps.leaseMs ?? 60_000;
  const rate = createPostRate(deps.concurrency ?? DEFAULT_POST_CONCURRENCY, deps.now);
  const pause = deps.pause ?? ((ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined));
  let stopped = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopping = false;
  let postFailure: string | undefined;
  /** The posts in flight in this instance (a storm message's post is awaited by its thread's alerts). */
  const posting = new Map<number, Promise<void>>();
  const stormThreads = new Map<number, MessageRef>();

  /**
   * The storm message to post under: posted already, being posted here (awaited), or leased and
   * posted now. Held elsewhere (another instance, a retry's back-off): StormMessagePending.
   */
  async function stormThread(stormAlertId: number): Promise<MessageRef> {
    const postedAt = async () => {
      const cached = stormThreads.get(stormAlertId);
      if (cached) return cached;
      const parent = await deps.alerts.findById(stormAlertId);
      const where = parent?.slackChannel && parent.slackTs ? { channel: parent.slackChannel, ts: parent.slackTs } : undefined;
      // A posted message stays where it is: asked once per storm.
      if (where) stormThreads.set(stormAlertId, where);
      return where;
    };
    const known = await postedAt();
    if (known) return known;
    const inFlight = posting.get(stormAlertId);
    if (inFlight) await inFlight;
    else {
      const leased = await deps.alerts.leaseById({ id: stormAlertId, owner, leaseMs });
      if (leased) await track({ ...leased, mayRepeat: false });
    }
    const after = await postedAt();
    if (!after) throw new StormMessagePending(stormAlertId);
    return after;
  }

  /** Posts a leased alert, known as in flight until it ends. */
  function track(alert: LeasedAlert): Promise<void> {
    const post = postOne(alert).finally(() => posting.delete(alert.id));
    posting.set(alert.id, post);
    return post;
  }

  async function postOne({ mayRepeat, openStormAlertId, ...alert }: LeasedAlert): Promise<void> {
    const log = deps.logger.child({ alertId: alert.id, kind: alert.kind, reservationId: alert.reservationId ?? undefined });
    try {
      // Only an alert with an earlier posted one of its reservation and kind (or linked already) can be a repeat.
      const linkable = deps.linkRepeat && deps.poster.postRepeat && (mayRepeat || alert.duplicateOf !== null);
      const repeat = linkable ? await deps.linkRepeat!({ id: alert.id, owner }) : undefined;
      const current = repeat?.repeat ?? alert;
      const stormAlertId = repeat ? undefined : await deps.storms?.stormFor(alert, openStormAlertId);
      const thread = stormAlertId === undefined ? undefined : await stormThread(stormAlertId);
      // Every try after the first looks first: the one before may have posted without an answer.
      const earlier = alert.postAttempts > 1 ? await deps.poster.findPosted?.(current, thread) : undefined;
      const where = earlier ?? (repeat ? await deps.poster.postRepeat!(repeat) : await deps.poster.post(alert, thread));
      const stored = await deps.alerts.markPosted({ id: alert.id, owner, ...where });
      postFailure = undefined;
      rate.passed();
      if (!stored) log.warn('alert posting lease lost before the message was stored');
      else {
        log.info({ channel: where.channel, ts: where.ts, recovered: Boolean(earlier), repeatOf: repeat?.original.id, storm: stormAlertId }, 'alert posted');
        deps.onPosted?.(alert);
        // The permalink (for the queue), the repeat counter, the storm's tally and the Home refresh are extras: their failure does not repost.
        if (stormAlertId !== undefined) await deps.storms?.joined?.(stormAlertId).catch((error: unknown) => log.warn({ err: error }, 'could not ask for the storm tally'));
        await deps.poster.posted?.(current, where).catch((error: unknown) => log.warn({ err: error }, 'could not store the permalink or refresh the queues'));
      }
    } catch (error) {
      const pending = error instanceof StormMessagePending;
      const retryAfterMs = pending ? undefined : deps.poster.retryAfterMs?.(error);
      const limited = retryAfterMs !== undefined;
      // Waiting for the storm message is no failure: a short wait, no back-off. Slack's rate limit
      // pauses this dispatcher (post-rate.ts): the alert keeps its place in the queue, first after the pause.
      const retryInMs = pending ? 1000 : limited ? 0 : Math.min(60_000, 1000 * 2 ** Math.min(alert.postAttempts, 6));
      if (pending) log.info({ retryInMs }, 'waiting for the storm message before posting in its thread');
      else if (limited) {
        rate.limited(retryAfterMs);
        log.warn({ retryAfterMs, inFlightAtMost: rate.slots() }, 'Slack rate limit: alert posting paused and slowed down');
      } else {
        log.error({ err: error, retryInMs }, 'alert post failed; will retry');
        postFailure = String((error as Error).message ?? error);
      }
      await deps.alerts.releaseLease({ id: alert.id, owner, error: String((error as Error).message ?? error), retryInMs, unsent: limited });
    }
  }

  /**
   * Keeps the rate's slots busy: leases as many waiting alerts as there are free slots (one
   * statement), starts their posts, and leases again as each ends, until none is waiting. Paused
   * by a 429: nothing new starts until its Retry-After has passed.
   */
  async function drainLoop(): Promise<number> {
    let posted = 0;
    const active = new Set<Promise<void>>();
    do {
      again = false;
      try {
        while (!stopping) {
          const paused = rate.pauseMs();
          // Slack's rate limit: the posts in flight end, then nothing starts before the time Slack named.
          if (paused > 0 && active.size > 0) {
            await Promise.race(active);
            continue;
          }
          if (paused > 0) await pause(paused, stopped.signal);
          if (stopping) break;
          const free = rate.slots() - active.size;
          const leased = free > 0 ? await deps.alerts.leaseUnposted({ owner, leaseMs, order: deps.order, limit: free }) : [];
          for (const alert of leased) {
            const post: Promise<void> = track(alert).finally(() => active.delete(post));
            active.add(post);
            posted++;
          }
          if (active.size === 0) break;
          // Full, or nothing leasable now (a repeat waits for its original): lease again after the next post ends.
          if (leased.length === 0 || active.size >= rate.slots()) await Promise.race(active);
        }
      } finally {
        await Promise.allSettled(active);
      }
    } while (again && !stopping);
    return posted;
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drainLoop().finally(() => {
      running = undefined;
    });
    return running;
  }

  const kick = () => {
    drain().catch((error) => deps.logger.error({ err: error }, 'alert dispatch failed'));
  };

  return {
    drain,
    postFailure: () => postFailure,
    inFlight: () => [...posting.keys()],
    async releaseInFlight() {
      const ids = [...posting.keys()];
      for (const id of ids) await deps.alerts.releaseLease({ id, owner, error: 'the bot stopped while posting', retryInMs: 0 });
      return ids.length;
    },
    async start() {
      stopping = false;
      stopped = new AbortController();
      if (deps.listen) {
        try {
          unlisten = await deps.listen(kick);
        } catch (error) {
          deps.logger.warn({ err: error }, 'LISTEN unavailable; polling only');
        }
      }
      timer = setInterval(kick, deps.pollIntervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopping = true;
      stopped.abort();
      if (timer) clearInterval(timer);
      await unlisten?.();
      await running?.catch(() => 0);
    },
  };
}
