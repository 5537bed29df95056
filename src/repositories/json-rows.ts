import { getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A row of `table` aggregated as jsonb in a query (`to_jsonb(t)`: snake_case keys, ISO times) back
 * to drizzle's model, each column through its own driver mapping: one query can then carry a card's
 * lists (issue 15: one round trip per card).
 */
export function fromJson<T>(table: PgTable, json: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T;
}

/** A jsonb array of `table`'s rows (null: none) back to drizzle's model. */
export const rowsFromJson = <T>(table: PgTable, list: unknown): T[] => ((list as Array<Record<string, unknown>> | null) ?? []).map((j) => fromJson<T>(table, j));

/** A subquery's jsonb aggregate, `[]` when it found no row. */
export const jsonbList = (aggregate: SQL): SQL<unknown[]> => sql<unknown[]>`coalesce((${aggregate}), '[]'::jsonb)`;

/** The rows of `table` whose `column` is `owner` (an outer query's column), as a jsonb array in id order. */
export const jsonbRowsOf = (table: PgTable, column: 'alert_id' | 'reservation_id', owner: SQLWrapper): SQL<unknown[]> =>
  jsonbList(sql`select jsonb_agg(to_jsonb(t) order by t.id) from ${table} t where t.${sql.identifier(column)} = ${owner}`);
