import type { Agent, Employee, Extension, Permission, QuickAddInput, QuickAddResult } from '@rexian/contracts';
import type { Database, Queryable } from '@rexian/db';
import { AppError, newId } from '@rexian/kernel';
import { type Actor, hasPermission } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation, missingReference } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeAgentGroup, inScopeDepartment, type ScopeFilter } from '../../security/data-scope.ts';
import { checkConsolePassword, hashPassword } from '../../security/passwords.ts';
import { createAgentsRepository } from '../agents/agents.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { DepartmentsRepository } from '../departments/departments.repository.ts';
import { employeeErrors } from '../employees/employees.errors.ts';
import { createEmployeesRepository } from '../employees/employees.repository.ts';
import { digestHa1 } from '../extensions/digest-secrets.ts';
import { createExtensionsRepository } from '../extensions/extensions.repository.ts';
import type { RolesRepository } from '../roles/roles.repository.ts';
import { assertGrantable } from '../roles/roles.service.ts';
import { createUsersRepository, toUser, type UserRow } from '../users/users.repository.ts';
import { quickAddErrors as errors } from './quick-add.errors.ts';
import type { QuickAddRepository } from './quick-add.repository.ts';

/**
 * Employee quick add (§4.3.2 快速添加): in one transaction the employee, a new extension (digest HA1s
 * only, as extensions are always stored), a new agent (argon2id password) bound to both, and optionally a
 * console user bound to the employee (temporary password, changed at first sign-in). The extension and
 * agent numbers must not exist yet (the manual: "该分机号和座席号是系统之前不存在的"); a clash names the
 * field and creates nothing. The registrar reads extensions from the database on every REGISTER, so the
 * new extension can register at once.
 *
 * The route needs `org.employee.write`; because one request also creates what other pages guard, the
 * actor must hold their permissions too (no side door around `pbx.extension.write`, `cti.agent.write`,
 * `system.user.write`), and the usual data-scope and role-grant rules apply.
 */
export function createQuickAddService(d: {
  db: Database;
  realm: string;
  repo: QuickAddRepository;
  departments: DepartmentsRepository;
  roles: RolesRepository;
  audit: AuditService;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
}) {
  function requirePermissions(actor: Actor, withUser: boolean) {
    const needed: Permission[] = ['pbx.extension.write', 'cti.agent.write', ...(withUser ? ['system.user.write' as const] : [])];
    for (const p of needed) if (!hasPermission(actor, p)) throw errors.permissionMissing(p);
  }

  async function check(actor: Actor, input: QuickAddInput) {
    requirePermissions(actor, input.user !== null);
    const department = await d.departments.findById(input.departmentId);
    if (!department) throw employeeErrors.departmentNotFound();
    if (department.isTemporary) throw employeeErrors.temporaryAsFormal();
    const scope = await d.scopeOf(actor);
    if (scope.kind !== 'all') {
      // As for employees (a new one inside the actor's departments) and agents (only in managed groups).
      if (actor.dataScope === 'self' || !inScopeDepartment(scope, input.departmentId)) throw outOfScope();
      if (actor.dataScope !== 'managed' || !inScopeAgentGroup(scope, input.agentGroupId)) throw outOfScope();
    }
    if (input.user) {
      if (input.user.roleId) {
        const role = await d.roles.findById(input.user.roleId);
        if (!role) throw new AppError('ROLE_NOT_FOUND', 'role not found', { category: 'invalid' });
        assertGrantable(actor, role);
      }
      checkConsolePassword(input.user.password, input.user.username);
    }
    const taken = await d.repo.taken({ ...input, username: input.user?.username ?? null });
    if (taken.code) throw errors.codeTaken(input.code);
    if (taken.extension) throw errors.extensionTaken(input.extensionNumber);
    if (taken.agent) throw errors.agentTaken(input.agentNumber);
    if (taken.username) throw errors.usernameTaken(input.user?.username ?? '');
  }

  /** A concurrent request may still win the race between the check and the insert: same errors. */
  function translate(e: unknown, input: QuickAddInput): unknown {
    if (isUniqueViolation(e, 'employees_code_uq')) return errors.codeTaken(input.code);
    if (isUniqueViolation(e, 'extensions_number_uq')) return errors.extensionTaken(input.extensionNumber);
    if (isUniqueViolation(e, 'agents_number_uq')) return errors.agentTaken(input.agentNumber);
    if (isUniqueViolation(e, 'users_username_uq')) return errors.usernameTaken(input.user?.username ?? '');
    if (isForeignKeyViolation(e)) return missingReference(e);
    return e;
  }

  async function insertAll(tx: Queryable, input: QuickAddInput, ids: Ids, secrets: Secrets) {
    await createEmployeesRepository(tx).insert(tx, ids.employee, {
      code: input.code,
      name: input.name,
      departmentId: input.departmentId,
      temporaryDepartmentIds: [],
      mobile: input.mobile || null,
      phone: input.phone || null,
      email: input.email || null,
      notes: input.notes || null,
    });
    await createExtensionsRepository(tx).insert(
      ids.extension,
      {
        number: input.extensionNumber,
        displayName: input.name,
        enabled: true,
        maxContacts: 3,
        codecs: ['PCMU', 'PCMA', 'G722', 'telephone-event'],
        employeeId: ids.employee,
      },
      secrets.extension,
    );
    await createAgentsRepository(tx).insert(
      tx,
      ids.agent,
      {
        number: input.agentNumber,
        name: input.name,
        type: input.agentType,
        roleId: null,
        groupId: input.agentGroupId,
        enabled: true,
        regions: [],
        employeeId: ids.employee,
        extensionId: ids.extension,
        skills: [],
        managedGroupIds: [],
        managedQueueIds: [],
      },
      secrets.agent,
    );
    if (input.user && ids.user && secrets.user) {
      await createUsersRepository(tx).insert({
        id: ids.user,
        username: input.user.username,
        passwordHash: secrets.user,
        employeeId: ids.employee,
        roleId: input.user.roleId,
        isAdmin: false,
        locked: false,
        mustChangePassword: true,
      });
    }
  }

  return {
    async quickAdd(actor: Actor, ip: string, input: QuickAddInput): Promise<QuickAddResult> {
      await check(actor, input);
      const ids: Ids = { employee: newId(), extension: newId(), agent: newId(), user: input.user ? newId() : null };
      const secrets: Secrets = {
        extension: { realm: d.realm, ...digestHa1(input.extensionNumber, d.realm, input.extensionPassword) },
        agent: await hashPassword(input.agentPassword),
        user: input.user ? await hashPassword(input.user.password) : null,
      };
      try {
        await d.db.transaction((tx) => insertAll(tx, input, ids, secrets));
      } catch (e) {
        throw translate(e, input);
      }
      await d.audit.change(
        actor,
        ip,
        'employee.quick-add',
        { type: 'employee', id: ids.employee },
        {
          code: input.code,
          name: input.name,
          extensionNumber: input.extensionNumber,
          agentNumber: input.agentNumber,
          username: input.user?.username ?? null,
        },
      );
      const userRow = ids.user ? await createUsersRepository(d.db).findById(ids.user) : undefined;
      return {
        employee: (await createEmployeesRepository(d.db).findById(ids.employee)) as Employee,
        extension: (await createExtensionsRepository(d.db).findById(ids.extension)) as Extension,
        agent: (await createAgentsRepository(d.db).findById(ids.agent)) as Agent,
        user: userRow ? toUser(userRow as UserRow) : null,
      };
    },
    requirePermissions,
  };
}
export type QuickAddService = ReturnType<typeof createQuickAddService>;

type Ids = { employee: string; extension: string; agent: string; user: string | null };
type Secrets = { extension: { realm: string; md5: string; sha256: string }; agent: string; user: string | null };
