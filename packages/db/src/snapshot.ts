import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate, migrationsFingerprint } from './migrate.ts';
import { openPglite } from './pglite-adapter.ts';

/**
 * Fast embedded start-up. Creating a PGlite cluster runs initdb inside WebAssembly (6–12 s on this VM);
 * restoring a dump of an already-migrated cluster takes well under a second. The first time a machine
 * meets a given set of migrations we build that dump once and cache it (keyed by the migrations'
 * fingerprint); every later new database — the first start of a data folder, and every test database —
 * is restored from it.
 */
export function snapshotPath(cacheDir: string): string {
  return join(cacheDir, `pglite-${migrationsFingerprint()}.tar.gz`);
}

export async function ensureSnapshot(cacheDir: string): Promise<Blob> {
  const file = snapshotPath(cacheDir);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const db = await openPglite();
  try {
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file); // atomic: concurrent test processes never read a half-written dump
    return dump;
  } finally {
    await db.close();
  }
}
