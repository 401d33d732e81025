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
  | {
      kind: 'limited';
      employeeIds: ReadonlySet<string>;
      departmentIds: ReadonlySet<string>;
      /** Agent groups and queues in scope (a supervisor's managed ones; an agent's own group and queues). */
      agentGroupIds: ReadonlySet<string>;
      queueIds: ReadonlySet<string>;
    };

export interface ManagedSets {
  employeeIds: string[];
  departmentIds: string[];
  agentGroupIds?: string[];
  queueIds?: string[];
}

export interface ScopeActor {
  userId: string;
  employeeId: string | null;
  isAdmin: boolean;
  dataScope: DataScope;
}

export interface ManagedScopeProvider {
  /** Departments and employees an actor manages, beyond their own record. */
  managed(actor: ScopeActor, db: Queryable): Promise<ManagedSets>;
  /** What the actor's own record brings into every limited scope (e.g. its own agent group and queues). */
  own?(actor: ScopeActor, db: Queryable): Promise<ManagedSets>;
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
  const agentGroupIds = new Set<string>();
  const queueIds = new Set<string>();
  const add = (m: ManagedSets) => {
    for (const id of m.employeeIds) employeeIds.add(id);
    for (const id of m.departmentIds) departmentIds.add(id);
    for (const id of m.agentGroupIds ?? []) agentGroupIds.add(id);
    for (const id of m.queueIds ?? []) queueIds.add(id);
  };
  if (actor.employeeId) {
    employeeIds.add(actor.employeeId);
    const own = await db.query<{ department_id: string }>(
      `SELECT department_id FROM employees WHERE id = $1
       UNION SELECT department_id FROM employee_temporary_departments WHERE employee_id = $1`,
      [actor.employeeId],
    );
    for (const r of own.rows) departmentIds.add(r.department_id);
  }
  for (const p of providers) if (p.own) add(await p.own(actor, db));
  if (actor.dataScope === 'managed') for (const p of providers) add(await p.managed(actor, db));
  return { kind: 'limited', employeeIds, departmentIds, agentGroupIds, queueIds };
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

export function inScopeQueue(scope: ScopeFilter, queueId: string): boolean {
  return scope.kind === 'all' || scope.queueIds.has(queueId);
}

export function inScopeAgentGroup(scope: ScopeFilter, groupId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return groupId !== null && scope.agentGroupIds.has(groupId);
}

/**
 * The ACD's part of the scope: a supervisor (an agent of type supervisor bound to the actor's employee)
 * manages its agent groups and queues (§4.6.3.7) and so the employees bound to the agents of those
 * groups; everyone's own scope includes their own agent's group and the queues it serves.
 */
export const acdScopeProvider: ManagedScopeProvider = {
  async own(actor, db) {
    if (!actor.employeeId) return { employeeIds: [], departmentIds: [] };
    const r = await db.query<{ group_id: string | null; queue_id: string | null }>(
      `SELECT a.group_id, m.queue_id FROM agents a LEFT JOIN queue_members m ON m.agent_id = a.id WHERE a.employee_id = $1`,
      [actor.employeeId],
    );
    return {
      employeeIds: [],
      departmentIds: [],
      agentGroupIds: r.rows.flatMap((x) => (x.group_id ? [x.group_id] : [])),
      queueIds: r.rows.flatMap((x) => (x.queue_id ? [x.queue_id] : [])),
    };
  },
  async managed(actor, db) {
    if (!actor.employeeId) return { employeeIds: [], departmentIds: [] };
    const groups = await db.query<{ group_id: string }>(
      `SELECT g.group_id FROM supervisor_groups g JOIN agents a ON a.id = g.agent_id
        WHERE a.employee_id = $1 AND a.type = 'supervisor'`,
      [actor.employeeId],
    );
    const queues = await db.query<{ queue_id: string }>(
      `SELECT q.queue_id FROM supervisor_queues q JOIN agents a ON a.id = q.agent_id
        WHERE a.employee_id = $1 AND a.type = 'supervisor'`,
      [actor.employeeId],
    );
    const agentGroupIds = groups.rows.map((r) => r.group_id);
    const emps = await db.query<{ employee_id: string }>(
      'SELECT employee_id FROM agents WHERE group_id = ANY($1::uuid[]) AND employee_id IS NOT NULL',
      [agentGroupIds],
    );
    return {
      employeeIds: emps.rows.map((r) => r.employee_id),
      departmentIds: [],
      agentGroupIds,
      queueIds: queues.rows.map((r) => r.queue_id),
    };
  },
};
