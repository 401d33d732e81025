import type { Employee } from '@rexian/contracts';
import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeDepartment, inScopeEmployee, type ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { DepartmentsRepository } from '../departments/departments.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { employeeErrors as errors } from './employees.errors.ts';
import type { EmployeeFields, EmployeeFilter, EmployeesRepository } from './employees.repository.ts';

type Input = Partial<Omit<EmployeeFields, 'mobile' | 'phone' | 'email' | 'notes'>> & {
  mobile?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  notes?: string | null | undefined;
};

export function createEmployeesService(d: {
  db: Database;
  repo: EmployeesRepository;
  departments: DepartmentsRepository;
  users: UsersRepository;
  audit: AuditService;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
}) {
  async function visible(actor: Actor, id: string): Promise<Employee> {
    const e = await d.repo.findById(id);
    if (!e) throw errors.notFound();
    if (!inScopeEmployee(await d.scopeOf(actor), id)) throw errors.notFound(); // out of scope looks like absent
    return e;
  }

  /** Departments must exist; the formal one is not temporary, the temporary ones are. */
  async function checkDepartments(f: EmployeeFields) {
    const formal = await d.departments.findById(f.departmentId);
    if (!formal) throw errors.departmentNotFound();
    if (formal.isTemporary) throw errors.temporaryAsFormal();
    for (const id of f.temporaryDepartmentIds) {
      const t = await d.departments.findById(id);
      if (!t) throw errors.departmentNotFound();
      if (!t.isTemporary) throw errors.notTemporary();
    }
  }

  /** Outside `all`, writes stay inside the actor's departments; `self` may only edit its own record. */
  async function assertWritable(actor: Actor, f: EmployeeFields, existingId: string | null) {
    const scope = await d.scopeOf(actor);
    if (scope.kind === 'all') return;
    if (existingId === null && actor.dataScope === 'self') throw outOfScope();
    if (existingId !== null && !inScopeEmployee(scope, existingId)) throw outOfScope();
    if (actor.dataScope !== 'self' && !inScopeDepartment(scope, f.departmentId)) throw outOfScope();
  }

  async function save(code: string, action: () => Promise<void>) {
    try {
      await action();
    } catch (e) {
      if (isUniqueViolation(e, 'employees_code_uq')) throw errors.codeTaken(code);
      throw e;
    }
  }

  const normalise = (i: Input, base?: Employee): EmployeeFields => ({
    code: i.code ?? base?.code ?? '',
    name: i.name ?? base?.name ?? '',
    departmentId: i.departmentId ?? base?.departmentId ?? '',
    temporaryDepartmentIds: i.temporaryDepartmentIds ?? base?.temporaryDepartmentIds ?? [],
    mobile: i.mobile === undefined ? (base?.mobile ?? null) : i.mobile || null,
    phone: i.phone === undefined ? (base?.phone ?? null) : i.phone || null,
    email: i.email === undefined ? (base?.email ?? null) : i.email || null,
    notes: i.notes === undefined ? (base?.notes ?? null) : i.notes || null,
  });

  return {
    async list(actor: Actor, filter: EmployeeFilter, page?: { limit: number; offset: number }) {
      return d.repo.list(filter, await d.scopeOf(actor), page);
    },

    get: visible,

    async create(actor: Actor, ip: string, input: Input): Promise<Employee> {
      const f = normalise(input);
      await checkDepartments(f);
      await assertWritable(actor, f, null);
      const id = newId();
      await save(f.code, () => d.db.transaction((tx) => d.repo.insert(tx, id, f)));
      await d.audit.change(actor, ip, 'employee.create', { type: 'employee', id }, { code: f.code, name: f.name });
      return (await d.repo.findById(id)) as Employee;
    },

    async update(actor: Actor, ip: string, id: string, input: Input): Promise<Employee> {
      const current = await visible(actor, id);
      const f = normalise(input, current);
      await checkDepartments(f);
      await assertWritable(actor, f, id);
      await save(f.code, () => d.db.transaction((tx) => d.repo.update(tx, id, f)));
      await d.audit.change(actor, ip, 'employee.update', { type: 'employee', id }, { changed: Object.keys(input) });
      return (await d.repo.findById(id)) as Employee;
    },

    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await visible(actor, id);
      await assertWritable(actor, normalise({}, current), id);
      if (await d.users.findByEmployee(id)) throw errors.hasUser();
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'employee.delete', { type: 'employee', id }, { code: current.code, name: current.name });
    },
  };
}
export type EmployeesService = ReturnType<typeof createEmployeesService>;
