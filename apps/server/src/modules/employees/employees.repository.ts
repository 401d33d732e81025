import type { Employee } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { employeeScopeSql, type ScopeFilter } from '../../security/data-scope.ts';

type Row = {
  id: string;
  code: string;
  name: string;
  department_id: string;
  department_name: string;
  temporary_department_ids: string[] | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  created_at: Date;
};

const toEmployee = (r: Row): Employee => ({
  id: r.id,
  code: r.code,
  name: r.name,
  departmentId: r.department_id,
  departmentName: r.department_name,
  temporaryDepartmentIds: r.temporary_department_ids ?? [],
  mobile: r.mobile,
  phone: r.phone,
  email: r.email,
  notes: r.notes,
  createdAt: r.created_at.toISOString(),
});

const SELECT = `SELECT e.*, d.name AS department_name,
    ARRAY(SELECT t.department_id::text FROM employee_temporary_departments t WHERE t.employee_id = e.id ORDER BY 1)
      AS temporary_department_ids
  FROM employees e JOIN departments d ON d.id = e.department_id`;

export type EmployeeFields = {
  code: string;
  name: string;
  departmentId: string;
  temporaryDepartmentIds: string[];
  mobile: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
};

export interface EmployeeFilter {
  q?: string | undefined;
  departmentId?: string | undefined;
}

export function createEmployeesRepository(db: Queryable) {
  function where(filter: EmployeeFilter, scope: ScopeFilter, params: unknown[]) {
    const clauses = [employeeScopeSql(scope, 'e.id', params)];
    if (filter.q) {
      params.push(`%${filter.q}%`);
      const p = `$${params.length}`;
      clauses.push(`(e.code ILIKE ${p} OR e.name ILIKE ${p} OR e.mobile ILIKE ${p} OR e.phone ILIKE ${p} OR e.email ILIKE ${p})`);
    }
    if (filter.departmentId) {
      params.push(filter.departmentId);
      const p = `$${params.length}`;
      clauses.push(`(e.department_id = ${p} OR EXISTS (SELECT 1 FROM employee_temporary_departments t
        WHERE t.employee_id = e.id AND t.department_id = ${p}))`);
    }
    return `WHERE ${clauses.join(' AND ')}`;
  }

  async function writeTemporary(tx: Queryable, id: string, ids: string[]) {
    await tx.query('DELETE FROM employee_temporary_departments WHERE employee_id = $1', [id]);
    for (const dep of new Set(ids)) {
      await tx.query('INSERT INTO employee_temporary_departments (employee_id, department_id) VALUES ($1, $2)', [id, dep]);
    }
  }

  return {
    async list(filter: EmployeeFilter, scope: ScopeFilter, page?: { limit: number; offset: number }) {
      const params: unknown[] = [];
      const w = where(filter, scope, params);
      const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM employees e ${w}`, params);
      let limit = '';
      if (page) {
        params.push(page.limit, page.offset);
        limit = `LIMIT $${params.length - 1} OFFSET $${params.length}`;
      }
      const rows = await db.query<Row>(`${SELECT} ${w} ORDER BY e.code ${limit}`, params);
      return { total: total.rows[0]?.n ?? 0, items: rows.rows.map(toEmployee) };
    },
    async findById(id: string): Promise<Employee | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE e.id = $1`, [id])).rows[0];
      return r ? toEmployee(r) : undefined;
    },
    async insert(tx: Queryable, id: string, f: EmployeeFields) {
      await tx.query(
        `INSERT INTO employees (id, code, name, department_id, mobile, phone, email, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, f.code, f.name, f.departmentId, f.mobile, f.phone, f.email, f.notes],
      );
      await writeTemporary(tx, id, f.temporaryDepartmentIds);
    },
    async update(tx: Queryable, id: string, f: EmployeeFields) {
      await tx.query(
        `UPDATE employees SET code = $2, name = $3, department_id = $4, mobile = $5, phone = $6, email = $7, notes = $8,
           updated_at = now() WHERE id = $1`,
        [id, f.code, f.name, f.departmentId, f.mobile, f.phone, f.email, f.notes],
      );
      await writeTemporary(tx, id, f.temporaryDepartmentIds);
    },
    async delete(id: string) {
      await db.query('DELETE FROM employees WHERE id = $1', [id]);
    },
  };
}
export type EmployeesRepository = ReturnType<typeof createEmployeesRepository>;
