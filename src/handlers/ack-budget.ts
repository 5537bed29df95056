/** Slack waits 3 s for a view submission's ack: work still running past this acks with 処理中 and finishes after. */
export const ACK_WITHIN_MS = 2_000;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The promise's outcome as a value (never rejects). */
export const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** The promise's value if it settles within `ms`, else undefined (the promise keeps running). */
export function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
