import pg from 'pg';
import type { Database, Queryable, QueryResult, Row } from './database.ts';
import { parseInt8 } from './database.ts';

const INT8_OID = 20;

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Database & { pool: pg.Pool }> {
  // Per-pool type parsers, so counts and bigints come back as numbers exactly as on PGlite.
  const typeParser = (oid: number, format?: string) => {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format as 'text');
  };
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // Fail fast at boot when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const wrap = (q: { query: (sql: string, params?: unknown[]) => Promise<pg.QueryResult> }): Queryable => ({
    async exec(sql: string) {
      await q.query(sql);
    },
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  });
  const base = wrap(pool);
  return {
    dialect: 'postgres',
    pool,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
