import DataLoader from 'dataloader';

/**
 * Reads by key shared across callers (issue 15): a burst of 200 procedure buttons reads 200
 * alerts; on the embedded database each statement costs about a millisecond of its one thread,
 * so they are read a batch at a time. One batch per database handle and `name` is in flight at a
 * time; keys asked for meanwhile join the next batch, which starts one event-loop turn after the
 * previous one ended (so envelopes delivered together join it). Alone, a key is read at once in
 * a batch of one. Nothing is cached: every caller's row is read after it asked.
 *
 * `load` returns the rows found by key; a key it does not return resolves to undefined. A failed
 * batch rejects every caller in it. The loader is made on the first call for a handle and name, with
 * that call's `load`: `load` must depend on nothing but the handle.
 */
export function batched<K, V>(db: object, name: string, load: (keys: readonly K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let loaders = byHandle.get(db);
  if (!loaders) {
    loaders = new Map();
    byHandle.set(db, loaders);
  }
  let loader = loaders.get(name) as DataLoader<K, V | undefined> | undefined;
  if (!loader) {
    let inFlight: Promise<unknown> = Promise.resolve();
    loader = new DataLoader<K, V | undefined>(
      (keys) => {
        const reading = load(keys).then((found) => keys.map((key) => found.get(key)));
        inFlight = reading.catch(() => undefined);
        return reading;
      },
      { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (dispatch) => void inFlight.then(() => realSetImmediate(dispatch)) },
    );
    loaders.set(name, loader as DataLoader<unknown, unknown>);
  }
  const found = loader;
  return (key) => found.load(key);
}

/** Taken at load: a test's fake timers never hold a read back. */
const realSetImmediate = globalThis.setImmediate;

/** The most keys in one statement (a bound parameter each). */
export const MAX_BATCH = 500;

const byHandle = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();
