import { Worker } from 'node:worker_threads';
import type { QueryGate } from './gate.js';

/** Query options as drizzle's PGlite driver passes them; `parsers` only say which types stay text. */
interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}
export interface QueryResult<T = Record<string, unknown>> {
  rows: T[];
  affectedRows?: number;
  fields: Array<{ name: string; dataTypeID: number }>;
}

/** The part of PGlite's API the bot uses (drizzle's driver, the migrator, pg-boss's adapter). */
export interface EmbeddedQueries {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  exec(text: string): Promise<Array<QueryResult>>;
}
export interface EmbeddedPostgres extends EmbeddedQueries {
  /** Statements of `fn` run in order on one transaction in the worker; nothing else runs in between. */
  transaction<T>(fn: (tx: EmbeddedQueries & { rollback(): Promise<void> }) => Promise<T>): Promise<T>;
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

type Pending = { resolve: (value: never) => void; reject: (error: Error) => void };
/** An error as it crosses the thread: its message and its primitive fields (code, constraint…). */
type WorkerError = { message: string; name: string; fields: Record<string, unknown> };
type WorkerMessage = { id?: number; result?: unknown; error?: WorkerError; notify?: string; payload?: string };

/** How many of the worker's answers resume their callers per event-loop turn. */
export const ANSWERS_PER_TURN = 8;
/** Taken at load: a test's fake timers never hold the database's answers back. */
const realSetImmediate = globalThis.setImmediate;
type Request = { op: string; transaction?: number } & Record<string, unknown>;

/** A database error rebuilt on this side with its fields (code, constraint…), so error mapping works as in-process. */
function rebuild(error: WorkerError): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name });
}

/**
 * The embedded database's two connections (see spawnEmbeddedPostgres); its worker thread starts on
 * the first request. At start-up that is the migrations, begun once Socket Mode is connected and
 * most of the bot's modules are loaded: PGlite's WASM compiles while the handlers load instead of
 * competing with the larger loading before it for the CPU. close() before any request closes nothing.
 */
export function startEmbeddedPostgres(dataDir: string | undefined, gate?: QueryGate): { client: EmbeddedPostgres; direct: EmbeddedPostgres } {
  let spawned: ReturnType<typeof spawnEmbeddedPostgres> | undefined;
  const worker = () => (spawned ??= spawnEmbeddedPostgres(dataDir, gate));
  const connection = (which: 'client' | 'direct'): EmbeddedPostgres => ({
    query: (text, params, options) => worker()[which].query(text, params, options),
    exec: (text) => worker()[which].exec(text),
    transaction: (fn) => worker()[which].transaction(fn),
    listen: (channel, onNotify) => worker()[which].listen(channel, onNotify),
    close: async () => spawned?.[which].close(),
  });
  return { client: connection('client'), direct: connection('direct') };
}

/**
 * PGlite in a worker thread (src/db/pglite-worker.mjs) behind a message channel: each request
 * carries an ID, each answer the same ID; NOTIFY arrives as `{ notify, payload }`. A transaction
 * is opened in the worker (`begin` → its number), its statements carry that number, and it ends
 * with `commit` or `rollback`; PGlite holds every other statement back meanwhile, as in-process.
 *
 * Returned at once: the worker opens (WASM, data directory) in the background, and requests made
 * meanwhile are sent, in order, once it has; if it cannot open, they fail with the reason. `client`'s
 * requests also wait for the gate (the bot's, the job engine's); `direct`'s do not (the migrations).
 */
function spawnEmbeddedPostgres(dataDir: string | undefined, gate?: QueryGate): { client: EmbeddedPostgres; direct: EmbeddedPostgres } {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let nextId = 1;
  let exited: Error | undefined;
  let open = false;

  const opened = new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the embedded database worker exited (${code}) while opening ${dataDir ?? 'memory'}`)));
    worker.on('message', function first(message: { ready?: boolean }) {
      if (!message.ready) return;
      worker.off('message', first);
      resolve();
    });
  });
  opened.then(
    () => {
      open = true;
      worker.removeAllListeners('error').removeAllListeners('exit');
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the embedded database worker exited (${code})`)));
    },
    (error: Error) => fail(error),
  );
  // The worker's answers arrive in batches (every answer queued meanwhile, in one task): each resumes a
  // handler, so they are handed out ANSWERS_PER_TURN per event-loop turn, in order, and Socket Mode
  // (acks, pings) gets its turn in between rather than after the whole batch.
  const answers: WorkerMessage[] = [];
  let draining = false;
  const drain = () => {
    for (const message of answers.splice(0, ANSWERS_PER_TURN)) deliver(message);
    draining = answers.length > 0;
    if (draining) realSetImmediate(drain);
  };
  const deliver = (message: WorkerMessage) => {
    if (message.notify !== undefined) {
      for (const listener of listeners.get(message.notify) ?? []) listener(message.payload ?? '');
      return;
    }
    const waiting = pending.get(message.id!);
    pending.delete(message.id!);
    if (message.error) waiting?.reject(rebuild(message.error));
    else waiting?.resolve(message.result as never);
  };
  worker.on('message', (message: WorkerMessage & { ready?: boolean }) => {
    if (message.ready) return; // `opened`
    answers.push(message);
    if (!draining) {
      draining = true;
      realSetImmediate(drain);
    }
  });
  function fail(error: Error) {
    exited ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  }

  function send<T>(request: Request): Promise<T> {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      worker.postMessage({ ...request, id });
    });
  }

  /** A statement inside a transaction, or its end, is never held: the transaction is already in. */
  const call = <T>(request: Request, held: boolean): Promise<T> => {
    const waiting = held && request.transaction === undefined ? gate?.waiting() : undefined;
    if (open && !waiting) return send(request);
    return Promise.all([opened, waiting]).then(() => send<T>(request));
  };

  const connection = (held: boolean): EmbeddedPostgres => {
    const queries = (transaction?: number): EmbeddedQueries => ({
      query: (text, params, options) =>
        call(
          { op: 'query', transaction, text, params: params ?? [], rowMode: options?.rowMode, textTypes: Object.keys(options?.parsers ?? {}).map(Number) },
          held,
        ),
      exec: (text) => call({ op: 'exec', transaction, text }, held),
    });
    return {
      ...queries(),
      async transaction(fn) {
        const transaction = await call<number>({ op: 'begin' }, held);
        let rolledBack = false;
        const tx = {
          ...queries(transaction),
          rollback: async () => {
            rolledBack = true;
          },
        };
        let result;
        try {
          result = await fn(tx);
        } catch (error) {
          await call({ op: 'rollback', transaction }, held).catch(() => {});
          throw error;
        }
        await call({ op: rolledBack ? 'rollback' : 'commit', transaction }, held);
        return result;
      },
      async listen(channel, onNotify) {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set);
        set.add(onNotify);
        await call({ op: 'listen', channel }, held);
        return async () => {
          set.delete(onNotify);
          if (set.size === 0 && !exited) await call({ op: 'unlisten', channel }, false).catch(() => {});
        };
      },
      async close() {
        // A worker still opening finishes first (a data directory left half-created would not open again).
        await opened.catch(() => {});
        if (!exited) await send({ op: 'close' }).catch(() => {});
        await worker.terminate();
      },
    };
  };
  return { client: connection(true), direct: connection(false) };
}
