/**
 * What the bot shows on one alert's message and thread (claim, outcome) runs in the order it was
 * queued, one at a time per alert, so a later step's message update never lands before an
 * earlier one's even when the earlier step no longer holds up its operator. In-process order
 * only: the alert message is always re-rendered from the database, whichever instance renders.
 */
const tails = new Map<number, Promise<unknown>>();

/**
 * A step waits at most this long for the one before it: a Slack call that hangs (or a bot stopped
 * mid-call, e.g. between tests in one process) must not hold an alert's later updates forever.
 * The message is re-rendered from the database, so a late earlier step cannot show stale state.
 */
const MAX_WAIT_MS = 2_000;

function settledOrTimeout(previous: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, MAX_WAIT_MS);
    timer.unref();
  });
  return Promise.race([previous, timeout]).finally(() => clearTimeout(timer));
}

export function inAlertOrder<T>(alertId: number, task: () => Promise<T>): Promise<T> {
  const queued = tails.get(alertId);
  const previous = queued ? settledOrTimeout(queued) : Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(alertId, tail);
  void tail.then(() => {
    if (tails.get(alertId) === tail) tails.delete(alertId);
  });
  return run;
}
