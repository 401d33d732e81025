import type { Department } from '@rexian/contracts';
import { newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeDepartment, type ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { departmentErrors as errors } from './departments.errors.ts';
import type { DepartmentsRepository } from './departments.repository.ts';

type Input = { parentId: string | null; name: string; isTemporary: boolean; sortOrder: number };

export function createDepartmentsService(d: {
  repo: DepartmentsRepository;
  audit: AuditService;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
}) {
  async function get(id: string): Promise<Department> {
    const dep = await d.repo.findById(id);
    if (!dep) throw errors.notFound();
    return dep;
  }

  async function assertWritable(actor: Actor, departmentId: string | null) {
    const scope = await d.scopeOf(actor);
    // Outside the `all` scope only departments already in scope may be changed or receive children.
    if (!inScopeDepartment(scope, departmentId)) throw outOfScope();
  }

  async function save(action: () => Promise<void>) {
    try {
      await action();
    } catch (e) {
      if (isUniqueViolation(e, 'departments_sibling_name_uq')) throw errors.nameTaken();
      throw e;
    }
  }

  return {
    async list(actor: Actor): Promise<Department[]> {
      const scope = await d.scopeOf(actor);
      const all = await d.repo.listAll();
      return all.filter((x) => inScopeDepartment(scope, x.id));
    },

    async create(actor: Actor, ip: string, input: Input): Promise<Department> {
      if (input.parentId && !(await d.repo.findById(input.parentId))) throw errors.parentNotFound();
      await assertWritable(actor, input.parentId);
      const id = newId();
      await save(() => d.repo.insert({ id, ...input }));
      await d.audit.change(
        actor,
        ip,
        'department.create',
        { type: 'department', id },
        { name: input.name, parentId: input.parentId },
      );
      return get(id);
    },

    async update(actor: Actor, ip: string, id: string, patch: Partial<Input>): Promise<Department> {
      const current = await get(id);
      await assertWritable(actor, id);
      const next: Input = {
        parentId: patch.parentId === undefined ? current.parentId : patch.parentId,
        name: patch.name ?? current.name,
        isTemporary: patch.isTemporary ?? current.isTemporary,
        sortOrder: patch.sortOrder ?? current.sortOrder,
      };
      if (next.parentId !== current.parentId && next.parentId !== null) {
        if (!(await d.repo.findById(next.parentId))) throw errors.parentNotFound();
        if ((await d.repo.subtreeIds(id)).includes(next.parentId)) throw errors.cycle();
        await assertWritable(actor, next.parentId);
      }
      await save(() => d.repo.update(id, next));
      await d.audit.change(actor, ip, 'department.update', { type: 'department', id }, { before: current, after: next });
      return get(id);
    },

    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await get(id);
      await assertWritable(actor, id);
      if (current.employeeCount > 0) throw errors.hasEmployees(current.employeeCount);
      if ((await d.repo.childCount(id)) > 0) throw errors.hasChildren();
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'department.delete', { type: 'department', id }, { name: current.name });
    },
  };
}
export type DepartmentsService = ReturnType<typeof createDepartmentsService>;
