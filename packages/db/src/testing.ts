import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-adapter.ts';
import { openPostgres } from './postgres-adapter.ts';
import { ensureSnapshot } from './snapshot.ts';

/**
 * A fresh, migrated database for one test. Which engine is chosen by the environment, so the same
 * tests run on both: `REXIAN_TEST_DATABASE_URL` (a PostgreSQL server the test script started; each test
 * gets its own database, dropped on close) or, unset, PGlite in memory restored from the snapshot.
 */
export const testCacheDir = join(resolve(import.meta.dirname, '../../..'), '.rexian', 'cache');

export async function openTestDatabase(): Promise<Database> {
  const admin = process.env.REXIAN_TEST_DATABASE_URL;
  if (!admin) {
    const db = await openPglite({ loadDataDir: await ensureSnapshot(testCacheDir) });
    await migrate(db);
    return db;
  }
  const name = `rexian_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString(), poolSize: 4 });
  await migrate(db);
  const close = db.close;
  return Object.assign(db, {
    async close() {
      await close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  });
}

export const testDialect = (): 'pglite' | 'postgres' => (process.env.REXIAN_TEST_DATABASE_URL ? 'postgres' : 'pglite');
