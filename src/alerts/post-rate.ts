/**
 * How fast the dispatcher posts (issue 15 item 5): up to `max` posts in flight while Slack takes
 * them; Slack's rate limit (a 429 and its Retry-After) halves that and pauses every new post until
 * the time Slack named, after which the bound grows back by one post per bound's worth of posts
 * that went through (additive increase, multiplicative decrease, as TCP does). Every alert goes to
 * one channel (QRV_ALERTS_CHANNEL, its threads included), so one rate is that channel's.
 */
/** Posts in flight at once unless QRV_ALERT_POST_CONCURRENCY says otherwise. */
export const DEFAULT_POST_CONCURRENCY = 32;

export interface PostRate {
  /** Posts that may be in flight now (≥ 1). */
  slots(): number;
  /** How long before the next post may start (0: now). */
  pauseMs(): number;
  /** Slack answered 429: pause for `retryAfterMs` and halve the bound (once per pause). */
  limited(retryAfterMs: number): void;
  /** A post went through (after any pause: growing the bound again). */
  passed(): void;
}

export function createPostRate(max: number, now: () => number = Date.now): PostRate {
  let bound = Math.max(1, Math.trunc(max));
  const ceiling = bound;
  let resumeAt = 0;
  return {
    slots: () => Math.floor(bound),
    pauseMs: () => Math.max(0, resumeAt - now()),
    limited(retryAfterMs) {
      // The posts in flight when Slack said so get their 429s too: one halving for all of them.
      if (now() >= resumeAt) bound = Math.max(1, bound / 2);
      resumeAt = Math.max(resumeAt, now() + Math.max(0, retryAfterMs));
    },
    passed() {
      // A post that ends during the pause was sent before Slack said so: it does not count.
      if (now() >= resumeAt) bound = Math.min(ceiling, bound + 1 / bound);
    },
  };
}
