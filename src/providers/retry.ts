import { ProviderError } from './errors.js';

export interface RetryPolicy {
  /** Total tries, the first included (1: no retry). */
  attempts: number;
  /** Delay before the 2nd try; doubled for each further try. */
  baseDelayMs: number;
  /** Upper bound of one delay. Default 30 s. */
  maxDelayMs?: number;
  /** Injected in tests so retries do not wait in real time. */
  sleep?: (ms: number) => Promise<void>;
}

export interface AttemptReport<T> {
  /** 1-based. */
  attempt: number;
  value?: T;
  error?: ProviderError;
  /** Delay before the next try; undefined when this was the last one. */
  nextDelayMs?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** baseDelayMs × 2^(n−1), capped: 1 s, 2 s, 4 s… Deterministic, so tests can assert it. */
function backoffDelay(policy: RetryPolicy, afterAttempt: number): number {
  const delay = policy.baseDelayMs * 2 ** (afterAttempt - 1);
  return Math.min(delay, policy.maxDelayMs ?? 30_000);
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable ProviderError, or the tries run out.
 * `classify` turns any thrown value into a ProviderError; the last one is thrown with `tries` set.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  classify: (error: unknown) => ProviderError,
  onAttempt?: (report: AttemptReport<T>) => void,
): Promise<{ value: T; tries: number }> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await fn(attempt);
      onAttempt?.({ attempt, value });
      return { value, tries: attempt };
    } catch (thrown) {
      const error = classify(thrown);
      error.tries = attempt;
      const last = !error.retryable || attempt >= attempts;
      const nextDelayMs = last ? undefined : backoffDelay(policy, attempt);
      onAttempt?.({ attempt, error, nextDelayMs });
      if (nextDelayMs === undefined) throw error;
      await sleep(nextDelayMs);
    }
  }
}
