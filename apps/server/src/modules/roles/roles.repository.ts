import type { DataScope, Role } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  data_scope: DataScope;
  builtin: boolean;
  user_count: number;
};

const toRole = (r: Row): Role => ({
  id: r.id,
  name: r.name,
  description: r.description,
  permissions: r.permissions,
  dataScope: r.data_scope,
  builtin: r.builtin,
  userCount: r.user_count,
});

const SELECT = 'SELECT r.*, (SELECT count(*) FROM users u WHERE u.role_id = r.id) AS user_count FROM roles r';

export type RoleFields = { name: string; description: string | null; permissions: string[]; dataScope: DataScope };

export function createRolesRepository(db: Queryable) {
  return {
    async list(): Promise<Role[]> {
      return (await db.query<Row>(`${SELECT} ORDER BY r.builtin DESC, r.name`)).rows.map(toRole);
    },
    async findById(id: string): Promise<Role | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE r.id = $1`, [id])).rows[0];
      return r ? toRole(r) : undefined;
    },
    async insert(id: string, f: RoleFields, builtin = false) {
      await db.query(
        'INSERT INTO roles (id, name, description, permissions, data_scope, builtin) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, f.name, f.description, f.permissions, f.dataScope, builtin],
      );
    },
    async update(id: string, f: RoleFields) {
      await db.query(
        'UPDATE roles SET name = $2, description = $3, permissions = $4, data_scope = $5, updated_at = now() WHERE id = $1',
        [id, f.name, f.description, f.permissions, f.dataScope],
      );
    },
    async delete(id: string) {
      await db.query('DELETE FROM roles WHERE id = $1', [id]);
    },
  };
}
export type RolesRepository = ReturnType<typeof createRolesRepository>;
