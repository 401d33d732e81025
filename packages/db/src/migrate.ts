import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '@rexian/kernel';
import type { Database } from './database.ts';

/**
 * Versioned plain-SQL migrations (`migrations/NNNN_name.sql`), applied in order, each in its own
 * transaction, recorded with a checksum. The same files run on PGlite and PostgreSQL. An applied
 * migration whose file changed afterwards stops start-up: history is append-only.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/** A digest of all migrations: the key of the embedded start-up snapshot. */
export function migrationsFingerprint(migrations = loadMigrations()): string {
  const h = createHash('sha256');
  for (const m of migrations) h.update(`${m.version}:${m.checksum}\n`);
  return h.digest('hex').slice(0, 16);
}

export async function migrate(db: Database, migrations = loadMigrations()): Promise<{ applied: string[] }> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = await db.query<{ version: number; checksum: string; name: string }>(
    'SELECT version, checksum, name FROM schema_migrations ORDER BY version',
  );
  const byVersion = new Map(done.rows.map((r) => [r.version, r]));
  const applied: string[] = [];
  for (const m of migrations) {
    const prior = byVersion.get(m.version);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        throw new AppError('DB_MIGRATION_CHANGED', `migration ${m.version}_${m.name} was edited after it was applied`, {
          kind: 'bug',
          details: { version: m.version },
        });
      }
      continue;
    }
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
    });
    applied.push(`${m.version}_${m.name}`);
  }
  return { applied };
}
