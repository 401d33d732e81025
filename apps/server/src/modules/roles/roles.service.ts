import type { DataScope, Role } from '@rexian/contracts';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { RoleFields, RolesRepository } from './roles.repository.ts';

const scopeRank: Record<DataScope, number> = { self: 0, managed: 1, all: 2 };

const notFound = () => new AppError('ROLE_NOT_FOUND', 'role not found', { category: 'not_found' });

/**
 * No privilege escalation: a non-admin may only hand out permissions they hold themselves and a data
 * scope no wider than their own. Used for roles and for assigning roles to users.
 */
export function assertGrantable(actor: Actor, role: { permissions: readonly string[]; dataScope: DataScope }): void {
  if (actor.isAdmin) return;
  const beyond = role.permissions.some((p) => !actor.permissions.has(p as never));
  if (beyond || scopeRank[role.dataScope] > scopeRank[actor.dataScope]) {
    throw new AppError('ROLE_ESCALATION', 'cannot grant beyond own rights', { category: 'forbidden' });
  }
}

export function createRolesService(d: { repo: RolesRepository; audit: AuditService }) {
  async function get(id: string): Promise<Role> {
    const r = await d.repo.findById(id);
    if (!r) throw notFound();
    return r;
  }
  async function save(name: string, action: () => Promise<void>) {
    try {
      await action();
    } catch (e) {
      if (isUniqueViolation(e, 'roles_name_uq')) {
        throw new AppError('ROLE_NAME_TAKEN', 'role name taken', { category: 'conflict', details: { name } });
      }
      throw e;
    }
  }
  return {
    list: () => d.repo.list(),
    get,
    async create(actor: Actor, ip: string, input: RoleFields): Promise<Role> {
      assertGrantable(actor, input);
      const id = newId();
      const fields = { ...input, permissions: [...new Set(input.permissions)].sort() };
      await save(input.name, () => d.repo.insert(id, fields));
      await d.audit.change(actor, ip, 'role.create', { type: 'role', id }, { ...fields });
      return get(id);
    },
    async update(actor: Actor, ip: string, id: string, patch: Partial<RoleFields>): Promise<Role> {
      const current = await get(id);
      assertGrantable(actor, current); // cannot edit a role more powerful than oneself
      const next: RoleFields = {
        name: patch.name ?? current.name,
        description: patch.description === undefined ? current.description : patch.description,
        permissions: [...new Set(patch.permissions ?? current.permissions)].sort(),
        dataScope: patch.dataScope ?? current.dataScope,
      };
      assertGrantable(actor, next);
      await save(next.name, () => d.repo.update(id, next));
      await d.audit.change(
        actor,
        ip,
        'role.update',
        { type: 'role', id },
        {
          before: { permissions: current.permissions, dataScope: current.dataScope, name: current.name },
          after: next,
        },
      );
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await get(id);
      assertGrantable(actor, current);
      if (current.builtin) throw new AppError('ROLE_BUILTIN', 'built-in role', { category: 'conflict' });
      if (current.userCount > 0) {
        throw new AppError('ROLE_IN_USE', 'role in use', { category: 'conflict', details: { count: current.userCount } });
      }
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'role.delete', { type: 'role', id }, { name: current.name });
    },
  };
}
export type RolesService = ReturnType<typeof createRolesService>;
