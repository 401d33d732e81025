export type { Database, Queryable, QueryResult, Row } from './database.ts';
export { loadMigrations, type Migration, migrate, migrationsFingerprint } from './migrate.ts';
export { type OpenDatabaseOptions, openDatabase } from './open-database.ts';
export { openPglite } from './pglite-adapter.ts';
export { openPostgres } from './postgres-adapter.ts';
export { ensureSnapshot, snapshotPath } from './snapshot.ts';
export { openTestDatabase, testCacheDir, testDialect } from './testing.ts';
