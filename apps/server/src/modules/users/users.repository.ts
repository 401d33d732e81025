import type { User } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { ScopeFilter } from '../../security/data-scope.ts';
import { employeeScopeSql } from '../../security/data-scope.ts';

export type UserRow = {
  id: string;
  username: string;
  password_hash: string;
  employee_id: string | null;
  employee_name: string | null;
  employee_code: string | null;
  role_id: string | null;
  role_name: string | null;
  is_admin: boolean;
  locked: boolean;
  must_change_password: boolean;
  last_login_at: Date | null;
  created_at: Date;
};

const SELECT = `SELECT u.*, e.name AS employee_name, e.code AS employee_code, r.name AS role_name
  FROM users u LEFT JOIN employees e ON e.id = u.employee_id LEFT JOIN roles r ON r.id = u.role_id`;

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  employeeId: r.employee_id,
  employeeName: r.employee_name,
  roleId: r.role_id,
  roleName: r.role_name,
  isAdmin: r.is_admin,
  locked: r.locked,
  mustChangePassword: r.must_change_password,
  lastLoginAt: r.last_login_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

export function createUsersRepository(db: Queryable) {
  return {
    async findByUsername(username: string): Promise<UserRow | undefined> {
      return (await db.query<UserRow>(`${SELECT} WHERE lower(u.username) = lower($1)`, [username])).rows[0];
    },
    async findById(id: string): Promise<UserRow | undefined> {
      return (await db.query<UserRow>(`${SELECT} WHERE u.id = $1`, [id])).rows[0];
    },
    async findByEmployee(employeeId: string): Promise<UserRow | undefined> {
      return (await db.query<UserRow>(`${SELECT} WHERE u.employee_id = $1`, [employeeId])).rows[0];
    },
    async list(
      filter: { q?: string | undefined },
      scope: ScopeFilter,
      actorUserId: string,
      page?: { limit: number; offset: number },
    ) {
      const params: unknown[] = [actorUserId];
      const clauses = [`(u.id = $1 OR ${employeeScopeSql(scope, 'u.employee_id', params)})`];
      if (filter.q) {
        params.push(`%${filter.q}%`);
        clauses.push(`(u.username ILIKE $${params.length} OR e.name ILIKE $${params.length})`);
      }
      const w = `WHERE ${clauses.join(' AND ')}`;
      const total = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM users u LEFT JOIN employees e ON e.id = u.employee_id ${w}`,
        params,
      );
      let limit = '';
      if (page) {
        params.push(page.limit, page.offset);
        limit = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
      }
      const rows = await db.query<UserRow>(`${SELECT} ${w} ORDER BY u.username ${limit}`, params);
      return { total: total.rows[0]?.n ?? 0, items: rows.rows };
    },
    async insert(u: {
      id: string;
      username: string;
      passwordHash: string;
      employeeId: string | null;
      roleId: string | null;
      isAdmin: boolean;
      locked: boolean;
      mustChangePassword: boolean;
    }) {
      await db.query(
        `INSERT INTO users (id, username, password_hash, employee_id, role_id, is_admin, locked, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [u.id, u.username, u.passwordHash, u.employeeId, u.roleId, u.isAdmin, u.locked, u.mustChangePassword],
      );
    },
    async update(
      id: string,
      patch: Partial<{ employee_id: string | null; role_id: string | null; is_admin: boolean; locked: boolean }>,
    ) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [k, v] of Object.entries(patch)) {
        params.push(v);
        sets.push(`${k} = $${params.length}`);
      }
      if (sets.length === 0) return;
      await db.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
    },
    async setPassword(id: string, passwordHash: string, mustChange: boolean) {
      await db.query(
        `UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = now(), updated_at = now()
          WHERE id = $1`,
        [id, passwordHash, mustChange],
      );
    },
    async setLastLogin(id: string, at: Date) {
      await db.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, at]);
    },
    async delete(id: string) {
      await db.query('DELETE FROM users WHERE id = $1', [id]);
    },
    async countActiveAdmins(): Promise<number> {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE is_admin AND NOT locked')).rows[0]?.n ?? 0;
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
