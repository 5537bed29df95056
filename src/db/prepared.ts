/**
 * Hot reads built once per database handle (the bot's `db`, or one transaction): drizzle makes the
 * SQL text on the first call and later calls only fill its placeholders (`sql.placeholder`).
 * Under a burst of /qrv status or 詳細, building every query's SQL anew from the query builder was
 * the largest cost on the main thread (issue 15). The same code runs on PGlite and PostgreSQL; on
 * PostgreSQL `name` is the prepared statement's name, so one query text per name.
 */
const byHandle = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: object, name: string, build: () => T): T {
  let queries = byHandle.get(db);
  if (!queries) {
    queries = new Map();
    byHandle.set(db, queries);
  }
  if (!queries.has(name)) queries.set(name, build());
  return queries.get(name) as T;
}
