/**
 * What the bot shows on one alert's message and thread (claim, outcome) runs in the order it was
 * queued, one at a time per alert, so a later step's message update never lands before an
 * earlier one's even when the earlier step no longer holds up its operator. In-process order
 * only: the alert message is always re-rendered from the database, whichever instance renders.
 */
const tails = new Map<number, Promise<unknown>>();

export function inAlertOrder<T>(alertId: number, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(alertId) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(alertId, tail);
  void tail.then(() => {
    if (tails.get(alertId) === tail) tails.delete(alertId);
  });
  return run;
}
