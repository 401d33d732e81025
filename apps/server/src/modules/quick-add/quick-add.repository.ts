import type { Queryable } from '@rexian/db';

/** Which of a quick add's unique values already exist (employee codes and user names case-insensitively). */
export type Taken = { code: boolean; extension: boolean; agent: boolean; username: boolean };

export function createQuickAddRepository(db: Queryable) {
  return {
    async taken(v: { code: string; extensionNumber: string; agentNumber: string; username: string | null }): Promise<Taken> {
      const r = await db.query<Taken>(
        `SELECT EXISTS (SELECT 1 FROM employees WHERE lower(code) = lower($1)) AS code,
                EXISTS (SELECT 1 FROM extensions WHERE number = $2) AS extension,
                EXISTS (SELECT 1 FROM agents WHERE number = $3) AS agent,
                ($4::text IS NOT NULL AND EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($4))) AS username`,
        [v.code, v.extensionNumber, v.agentNumber, v.username],
      );
      return r.rows[0] as Taken;
    },

    /** Names the import file may use, with their ids (several ids: the name is ambiguous). */
    async names() {
      const [departments, groups, roles] = await Promise.all([
        db.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE NOT is_temporary'),
        db.query<{ id: string; name: string }>('SELECT id, name FROM agent_groups'),
        db.query<{ id: string; name: string }>('SELECT id, name FROM roles'),
      ]);
      const index = (rows: { id: string; name: string }[]) => {
        const m = new Map<string, string[]>();
        for (const r of rows) m.set(r.name.trim().toLowerCase(), [...(m.get(r.name.trim().toLowerCase()) ?? []), r.id]);
        return m;
      };
      return { departments: index(departments.rows), groups: index(groups.rows), roles: index(roles.rows) };
    },
  };
}
export type QuickAddRepository = ReturnType<typeof createQuickAddRepository>;
export type NameIndex = Awaited<ReturnType<QuickAddRepository['names']>>;
