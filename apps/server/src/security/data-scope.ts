import type { DataScope } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

/**
 * Data scope — one server primitive applied to every list, read, export and write.
 * `self`: the actor's own employee; `managed`: the employees the actor manages; `all`: everything.
 * What "managed" means is a port: the foundation counts the actor's formal department and its
 * sub-departments; the ACD adds a supervisor's agent groups and queues.
 */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'limited'; employeeIds: ReadonlySet<string>; departmentIds: ReadonlySet<string> };

export interface ScopeActor {
  userId: string;
  employeeId: string | null;
  isAdmin: boolean;
  dataScope: DataScope;
}

export interface ManagedScopeProvider {
  /** Departments and employees an actor manages, beyond their own record. */
  managed(actor: ScopeActor, db: Queryable): Promise<{ employeeIds: string[]; departmentIds: string[] }>;
}

/** Foundation default: the actor's formal department subtree. */
export const departmentSubtreeProvider: ManagedScopeProvider = {
  async managed(actor, db) {
    if (!actor.employeeId) return { employeeIds: [], departmentIds: [] };
    const depts = await db.query<{ id: string }>(
      `WITH RECURSIVE tree AS (
         SELECT d.id FROM departments d JOIN employees e ON e.department_id = d.id WHERE e.id = $1
         UNION SELECT c.id FROM departments c JOIN tree t ON c.parent_id = t.id)
       SELECT id FROM tree`,
      [actor.employeeId],
    );
    const departmentIds = depts.rows.map((r) => r.id);
    const emps = await db.query<{ id: string }>(
      `SELECT id FROM employees WHERE department_id = ANY($1::uuid[])
       UNION SELECT employee_id FROM employee_temporary_departments WHERE department_id = ANY($1::uuid[])`,
      [departmentIds],
    );
    return { employeeIds: emps.rows.map((r) => r.id), departmentIds };
  },
};

export async function resolveScope(
  actor: ScopeActor,
  db: Queryable,
  providers: readonly ManagedScopeProvider[],
): Promise<ScopeFilter> {
  if (actor.isAdmin || actor.dataScope === 'all') return { kind: 'all' };
  const employeeIds = new Set<string>();
  const departmentIds = new Set<string>();
  if (actor.employeeId) {
    employeeIds.add(actor.employeeId);
    const own = await db.query<{ department_id: string }>(
      `SELECT department_id FROM employees WHERE id = $1
       UNION SELECT department_id FROM employee_temporary_departments WHERE employee_id = $1`,
      [actor.employeeId],
    );
    for (const r of own.rows) departmentIds.add(r.department_id);
  }
  if (actor.dataScope === 'managed') {
    for (const p of providers) {
      const m = await p.managed(actor, db);
      for (const id of m.employeeIds) employeeIds.add(id);
      for (const id of m.departmentIds) departmentIds.add(id);
    }
  }
  return { kind: 'limited', employeeIds, departmentIds };
}

export function inScopeEmployee(scope: ScopeFilter, employeeId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return employeeId !== null && scope.employeeIds.has(employeeId);
}

export function inScopeDepartment(scope: ScopeFilter, departmentId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return departmentId !== null && scope.departmentIds.has(departmentId);
}

/** SQL fragment restricting `column` (a uuid employee id) to the scope; appends to `params`. */
export function employeeScopeSql(scope: ScopeFilter, column: string, params: unknown[]): string {
  if (scope.kind === 'all') return 'TRUE';
  params.push([...scope.employeeIds]);
  return `${column} = ANY($${params.length}::uuid[])`;
}

export function departmentScopeSql(scope: ScopeFilter, column: string, params: unknown[]): string {
  if (scope.kind === 'all') return 'TRUE';
  params.push([...scope.departmentIds]);
  return `${column} = ANY($${params.length}::uuid[])`;
}
