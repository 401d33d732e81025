import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from './database.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { openTestDatabase, testDialect } from './testing.ts';

describe(`database adapter (${testDialect()})`, () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
  });
  after(async () => {
    await db.close();
  });

  it('reports the expected dialect', () => {
    assert.equal(db.dialect, testDialect());
  });

  it('returns counts and bigints as numbers, timestamps as Date, jsonb parsed', async () => {
    const r = await db.query<{ c: unknown; b: unknown; t: unknown; j: unknown; n: unknown }>(
      `SELECT count(*) AS c, 9007199254740991::int8 AS b, now() AS t, '{"a":[1,2]}'::jsonb AS j, 1.50::numeric AS n`,
    );
    const row = r.rows[0];
    assert.ok(row);
    assert.equal(row.c, 1);
    assert.equal(row.b, 9007199254740991);
    assert.ok(row.t instanceof Date);
    assert.deepEqual(row.j, { a: [1, 2] });
    assert.equal(row.n, '1.50');
  });

  it('refuses int8 values a JS number cannot hold', async () => {
    await assert.rejects(db.query('SELECT 9007199254740993::int8 AS b'), /exceeds/);
  });

  it('applied every migration once, and re-running is a no-op', async () => {
    const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      r.rows.map((x) => x.version),
      loadMigrations().map((m) => m.version),
    );
    assert.deepEqual((await migrate(db)).applied, []);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x' } : m));
    await assert.rejects(migrate(db, edited), /DB_MIGRATION_CHANGED|edited after it was applied/);
  });

  it('rolls a failed transaction back', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO settings (key, value) VALUES ('tx-test', '1')`);
        throw new Error('boom');
      }),
      /boom/,
    );
    const r = await db.query(`SELECT 1 FROM settings WHERE key = 'tx-test'`);
    assert.equal(r.rows.length, 0);
  });

  it('reports unique violations with SQLSTATE 23505 and the constraint name', async () => {
    await db.query(`INSERT INTO roles (id, name) VALUES (gen_random_uuid(), 'dup')`);
    try {
      await db.query(`INSERT INTO roles (id, name) VALUES (gen_random_uuid(), 'DUP')`);
      assert.fail('expected a unique violation');
    } catch (e) {
      const err = e as { code?: string; message?: string; constraint?: string };
      assert.equal(err.code, '23505');
      assert.ok((err.constraint ?? err.message ?? '').includes('roles_name_uq'));
    }
  });
});
