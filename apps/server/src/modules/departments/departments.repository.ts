import type { Department } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  parent_id: string | null;
  name: string;
  is_temporary: boolean;
  sort_order: number;
  employee_count: number;
};

const toDepartment = (r: Row): Department => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  isTemporary: r.is_temporary,
  sortOrder: r.sort_order,
  employeeCount: r.employee_count,
});

export function createDepartmentsRepository(db: Queryable) {
  const SELECT = `SELECT d.*, (
      (SELECT count(*) FROM employees e WHERE e.department_id = d.id) +
      (SELECT count(*) FROM employee_temporary_departments t WHERE t.department_id = d.id)) AS employee_count
    FROM departments d`;
  return {
    async listAll(): Promise<Department[]> {
      return (await db.query<Row>(`${SELECT} ORDER BY d.sort_order, d.name`)).rows.map(toDepartment);
    },
    async findById(id: string): Promise<Department | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE d.id = $1`, [id])).rows[0];
      return r ? toDepartment(r) : undefined;
    },
    async insert(d: { id: string; parentId: string | null; name: string; isTemporary: boolean; sortOrder: number }) {
      await db.query('INSERT INTO departments (id, parent_id, name, is_temporary, sort_order) VALUES ($1, $2, $3, $4, $5)', [
        d.id,
        d.parentId,
        d.name,
        d.isTemporary,
        d.sortOrder,
      ]);
    },
    async update(id: string, d: { parentId: string | null; name: string; isTemporary: boolean; sortOrder: number }) {
      await db.query(
        'UPDATE departments SET parent_id = $2, name = $3, is_temporary = $4, sort_order = $5, updated_at = now() WHERE id = $1',
        [id, d.parentId, d.name, d.isTemporary, d.sortOrder],
      );
    },
    async delete(id: string) {
      await db.query('DELETE FROM departments WHERE id = $1', [id]);
    },
    async childCount(id: string): Promise<number> {
      return (await db.query<{ n: number }>('SELECT count(*) AS n FROM departments WHERE parent_id = $1', [id])).rows[0]?.n ?? 0;
    },
    /** Ids of `id` and every department below it. */
    async subtreeIds(id: string): Promise<string[]> {
      const r = await db.query<{ id: string }>(
        `WITH RECURSIVE t AS (SELECT id FROM departments WHERE id = $1
           UNION SELECT d.id FROM departments d JOIN t ON d.parent_id = t.id) SELECT id FROM t`,
        [id],
      );
      return r.rows.map((x) => x.id);
    },
  };
}
export type DepartmentsRepository = ReturnType<typeof createDepartmentsRepository>;
