import type { EmbeddedQueries } from '../db/pglite-remote.js';
import type PgBoss from 'pg-boss';

/**
 * pg-boss's `db` option over an embedded PGlite (FACTS: PostgreSQL, PGlite, jobs).
 * pg-boss sends its schema and maintenance scripts as parameterless multi-statement SQL, which
 * the extended protocol refuses, so those go through `exec`; everything else is a prepared
 * `query`. PGlite is one session: after an error the open transaction (if any) is rolled back,
 * or every later statement would fail with "current transaction is aborted".
 */
export function pgliteBossAdapter(pglite: EmbeddedQueries): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      try {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await pglite.query(text, values);
        return { rows: result.rows };
      } catch (error) {
        await pglite.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    },
  };
}
