import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { SQL } from 'drizzle-orm';
import { schema } from './schema.js';
import type { Logger } from '../logger.js';
import { lockDataDirectory } from './lock.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './pglite-remote.js';
import { createQueryGate, type QueryGate } from './gate.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Subscribe to NOTIFY on a channel; resolves to an unsubscribe function. On PostgreSQL a lost
   * LISTEN connection (server restart, `pg_terminate_backend`, network) is re-opened with back-off
   * and `onReconnect` is called once it listens again (notifications sent meanwhile are lost: the
   * caller catches up then).
   */
  listen(channel: string, onNotify: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Applies the migrations (its own statements are never held by `hold`). */
  migrate(): Promise<void>;
  /**
   * Every query — of `db`, and of `pool` / `pglite` (the job engine's) — waits until `until` settles;
   * if it rejects, they fail with DatabaseNotReadyError naming `what`, and so does every later one.
   * startBot holds the database while it migrates, and connects to Slack meanwhile.
   */
  hold(until: Promise<unknown>, what: string): void;
  close(): Promise<void>;
  /** The embedded database in its worker thread (embedded mode only), e.g. for the job engine's adapter. */
  pglite?: EmbeddedPostgres;
  /** The pg pool (PostgreSQL mode only). */
  pool?: pg.Pool;
}

export interface ListenOptions {
  /** Called each time the subscription is back after a loss (catch up on what was missed; count it). */
  onReconnect?: () => void;
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** First reconnect delay; doubled per failed try up to 30 s. Default 100 ms. */
  reconnectBaseMs?: number;
}

const LISTEN_RECONNECT_MAX_MS = 30_000;

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** postgres:// URL; unset → embedded PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Told when a stale embedded-database lock (a crashed run's) is taken over. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Each driver is loaded only when used: PGlite's is never loaded on PostgreSQL, nor pg on PGlite.
 * Resolves once the driver is loaded, before the database answers: the embedded worker opens (its
 * WASM, its data directory) in the background and queries wait for it; a pg connection opens on
 * the first query. A database that cannot open fails its first query (and `migrate()`).
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir ?? './.qrv/db', options.logger);
}

/**
 * PGlite runs in a worker thread (src/db/pglite-remote.ts), so its queries never block the event
 * loop that answers Slack; drizzle's own PGlite driver talks to it, the same code path above.
 */
async function openPglite(dataDir: string, logger?: Pick<Logger, 'warn'>): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const lock = inMemory ? null : lockDataDirectory(dataDir, (stale) => logger?.warn(stale, 'stale embedded-database lock taken over (its process is gone)'));
  try {
    const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')]);
    const gate = createQueryGate();
    const { client, direct } = startEmbeddedPostgres(inMemory ? undefined : dataDir, gate);
    const db = drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      pglite: client,
      hold: (until, what) => gate.hold(until, what),
      async listen(channel, onNotify) {
        const unsubscribe = await client.listen(channel, onNotify);
        return async () => unsubscribe();
      },
      async migrate() {
        // On the worker's connection past the gate: the bot's own queries may be waiting for these.
        await migratePglite(drizzlePglite(direct as unknown as PGlite, { schema }) as never, { migrationsFolder: MIGRATIONS_FOLDER });
      },
      async close() {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

const MIGRATION_LOCK_KEY = 0x51_52_56_01; // 'QRV' 1: serialises migrations of several instances

async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
  const gate = createQueryGate();
  const connectNow = heldConnect(pool, gate);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  /** Open LISTEN subscriptions: close() ends them (and their pending reconnects). */
  const subscriptions = new Set<() => Promise<void>>();
  return {
    db,
    kind: 'postgres',
    pool,
    hold: (until, what) => gate.hold(until, what),
    async listen(channel, onNotify, options = {}) {
      const baseMs = options.reconnectBaseMs ?? 100;
      let current: pg.Client | undefined;
      let closed = false;
      let retry: NodeJS.Timeout | undefined;
      const subscribe = async (): Promise<pg.Client> => {
        // TCP keepalive: a connection silently cut (a network partition) ends in an error too.
        const client = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
        let lost = false;
        const onLost = (error?: Error) => {
          if (lost) return;
          lost = true;
          client.end().catch(() => {});
          if (closed || current !== client) return;
          current = undefined;
          options.logger?.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting');
          reconnect(0);
        };
        client.on('error', onLost);
        client.on('end', () => onLost());
        client.on('notification', (msg) => {
          if (msg.channel === channel) onNotify(msg.payload ?? '');
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          lost = true;
          await client.end().catch(() => {});
          throw error;
        }
        if (!lost) current = client;
        else throw new Error('LISTEN connection lost while subscribing');
        return client;
      };
      const reconnect = (attempt: number) => {
        const delay = Math.min(LISTEN_RECONNECT_MAX_MS, baseMs * 2 ** attempt);
        retry = setTimeout(async () => {
          retry = undefined;
          if (closed) return;
          try {
            const client = await subscribe();
            if (closed) {
              current = undefined;
              await client.end().catch(() => {});
              return;
            }
            options.logger?.info({ channel, attempts: attempt + 1 }, 'LISTEN connection re-established');
            options.onReconnect?.();
          } catch (error) {
            options.logger?.warn({ err: error, channel, attempt: attempt + 1, retryInMs: Math.min(LISTEN_RECONNECT_MAX_MS, baseMs * 2 ** (attempt + 1)) }, 'LISTEN reconnect failed; retrying');
            reconnect(attempt + 1);
          }
        }, delay);
        retry.unref();
      };
      await subscribe();
      const unsubscribe = async () => {
        closed = true;
        subscriptions.delete(unsubscribe);
        if (retry) clearTimeout(retry);
        const client = current;
        current = undefined;
        await client?.end().catch(() => {});
      };
      subscriptions.add(unsubscribe);
      return unsubscribe;
    },
    async migrate() {
      // Past the gate: the bot's own queries may be waiting for these.
      const client = await connectNow();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await Promise.all([...subscriptions].map((unsubscribe) => unsubscribe()));
      await pool.end();
    },
  };
}

type ConnectCallback = (error: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;

/**
 * Every connection the pool hands out — to drizzle, to `pool.query` (the job engine) — waits for the
 * gate; returns the pool's own connect, past the gate (the migrations).
 */
function heldConnect(pool: pg.Pool, gate: QueryGate): () => Promise<pg.PoolClient> {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<pg.PoolClient> | undefined;
  const connectNow = () => connect() as Promise<pg.PoolClient>;
  pool.connect = ((callback?: ConnectCallback) => {
    const waiting = gate.waiting();
    if (!waiting) return connect(callback);
    const connecting = waiting.then(connectNow);
    if (!callback) return connecting;
    connecting.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | undefined)),
      (error: Error) => callback(error),
    );
    return undefined;
  }) as pg.Pool['connect'];
  return connectNow;
}

/** Runs raw SQL and returns its rows, the same on PGlite and node-postgres. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
