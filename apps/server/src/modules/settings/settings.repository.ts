import type { Queryable } from '@rexian/db';

export function createSettingsRepository(db: Queryable) {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const r = await db.query<{ value: T }>('SELECT value FROM settings WHERE key = $1', [key]);
      return r.rows[0]?.value;
    },
    async set(key: string, value: unknown): Promise<void> {
      await db.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    },
  };
}
export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
