import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-adapter.ts';
import { openPostgres } from './postgres-adapter.ts';
import { ensureSnapshot } from './snapshot.ts';

export interface OpenDatabaseOptions {
  /** postgres://… for production; undefined → embedded PGlite. */
  url?: string | undefined;
  /** Embedded data folder; the cluster lives in `<dataDir>/pglite`. Undefined → in memory. */
  dataDir?: string | undefined;
  /** Where the migrated start-up snapshot is cached. */
  cacheDir: string;
  poolSize?: number;
}

/** Opens the configured database and brings it to the latest migration. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    const db = await openPostgres({ url: options.url, poolSize: options.poolSize ?? 10 });
    await migrate(db);
    return db;
  }
  let db: Database;
  if (options.dataDir) {
    const dir = resolve(options.dataDir, 'pglite');
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    mkdirSync(dir, { recursive: true });
    db = await openPglite({ dataDir: dir, ...(fresh ? { loadDataDir: await ensureSnapshot(options.cacheDir) } : {}) });
  } else {
    db = await openPglite({ loadDataDir: await ensureSnapshot(options.cacheDir) });
  }
  await migrate(db);
  return db;
}
