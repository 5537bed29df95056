/**
 * Holds a database's queries while something must come first — at start-up, the migrations — so
 * that nothing reads or writes a half-migrated schema, while the rest of the bot (Socket Mode)
 * starts meanwhile. One per database, the same for both drivers: the pg pool's `connect` and the
 * embedded worker's requests wait on it (src/db/client.ts, src/db/pglite-remote.ts).
 */
export interface QueryGate {
  /** undefined: a query goes now; else what it waits for (rejected: the database must not be used). */
  waiting(): Promise<void> | undefined;
  /** Queries wait until `until` settles; if it rejects, they fail (and so does every later one) with DatabaseNotReadyError. */
  hold(until: Promise<unknown>, what: string): void;
}

/** A query refused because what held the database failed (e.g. its migrations). */
export class DatabaseNotReadyError extends Error {
  constructor(what: string, cause: unknown) {
    super(`the database is not usable: ${what} failed (${(cause as Error)?.message ?? String(cause)})`, { cause });
    this.name = 'DatabaseNotReadyError';
  }
}

/** Start-up stopped because the database could not be migrated: the bot never serves a half-migrated schema. */
export class MigrationFailedError extends Error {
  constructor(cause: unknown) {
    // drizzle wraps the driver's error ("Failed query: <the whole statement>"): the driver's says what happened.
    const driver = (cause as Error)?.message?.startsWith('Failed query:') ? ((cause as { cause?: Error }).cause ?? cause) : cause;
    super(`database migrations failed, the bot does not start: ${(driver as Error)?.message ?? String(driver)}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

export function createQueryGate(): QueryGate {
  let held: Promise<void> | undefined;
  return {
    waiting: () => held,
    hold(until, what) {
      const before = held;
      const current: Promise<void> = Promise.all([before, until]).then(
        () => {
          if (held === current) held = undefined;
        },
        (error: unknown) => {
          // Stays held: every later query fails the same way.
          throw error instanceof DatabaseNotReadyError ? error : new DatabaseNotReadyError(what, error);
        },
      );
      current.catch(() => {}); // the queries that wait on it see the failure
      held = current;
    },
  };
}
