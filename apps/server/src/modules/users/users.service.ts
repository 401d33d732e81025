import type { User } from '@rexian/contracts';
import type { Clock } from '@rexian/kernel';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeEmployee, type ScopeFilter } from '../../security/data-scope.ts';
import { checkConsolePassword, hashPassword } from '../../security/passwords.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { SessionsRepository } from '../auth/sessions.repository.ts';
import type { EmployeesRepository } from '../employees/employees.repository.ts';
import type { RolesRepository } from '../roles/roles.repository.ts';
import { assertGrantable } from '../roles/roles.service.ts';
import { toUser, type UserRow, type UsersRepository } from './users.repository.ts';

const errors = {
  notFound: () => new AppError('USER_NOT_FOUND', 'user not found', { category: 'not_found' }),
  usernameTaken: (username: string) =>
    new AppError('USERNAME_TAKEN', 'user name taken', { category: 'conflict', details: { username } }),
  employeeTaken: () => new AppError('USER_EMPLOYEE_TAKEN', 'employee already bound', { category: 'conflict' }),
  selfProtected: () => new AppError('USER_SELF_PROTECTED', 'cannot change own account this way', { category: 'conflict' }),
  lastAdmin: () => new AppError('USER_LAST_ADMIN', 'last admin', { category: 'conflict' }),
  adminOnly: () => new AppError('USER_ADMIN_ONLY', 'admins only', { category: 'forbidden' }),
  employeeNotFound: () => new AppError('EMPLOYEE_NOT_FOUND', 'employee not found', { category: 'invalid' }),
  roleNotFound: () => new AppError('ROLE_NOT_FOUND', 'role not found', { category: 'invalid' }),
};

type CreateInput = {
  username: string;
  password: string;
  employeeId: string | null;
  roleId: string | null;
  isAdmin: boolean;
  locked: boolean;
};
type UpdateInput = {
  employeeId?: string | null | undefined;
  roleId?: string | null | undefined;
  isAdmin?: boolean | undefined;
  locked?: boolean | undefined;
  password?: string | undefined;
};

export function createUsersService(d: {
  clock: Clock;
  repo: UsersRepository;
  roles: RolesRepository;
  employees: EmployeesRepository;
  sessions: SessionsRepository;
  audit: AuditService;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
}) {
  function visibleTo(actor: Actor, scope: ScopeFilter, u: UserRow): boolean {
    return u.id === actor.userId || inScopeEmployee(scope, u.employee_id);
  }

  async function visible(actor: Actor, id: string): Promise<UserRow> {
    const u = await d.repo.findById(id);
    if (!u || !visibleTo(actor, await d.scopeOf(actor), u)) throw errors.notFound();
    return u;
  }

  /** Bindings a user may be given: an existing employee in scope; a role the actor may grant. */
  async function checkBindings(actor: Actor, employeeId: string | null, roleId: string | null) {
    if (employeeId) {
      if (!(await d.employees.findById(employeeId))) throw errors.employeeNotFound();
      if (!inScopeEmployee(await d.scopeOf(actor), employeeId)) throw outOfScope();
    } else if (!actor.isAdmin && actor.dataScope !== 'all') {
      throw outOfScope(); // an unbound user is outside every limited scope
    }
    if (roleId) {
      const role = await d.roles.findById(roleId);
      if (!role) throw errors.roleNotFound();
      assertGrantable(actor, role);
    }
  }

  async function save(username: string, action: () => Promise<void>) {
    try {
      await action();
    } catch (e) {
      if (isUniqueViolation(e, 'users_username_uq')) throw errors.usernameTaken(username);
      if (isUniqueViolation(e, 'users_employee_uq')) throw errors.employeeTaken();
      throw e;
    }
  }

  const now = () => new Date(d.clock.now());

  return {
    async list(actor: Actor, filter: { q?: string | undefined }, page?: { limit: number; offset: number }) {
      const r = await d.repo.list(filter, await d.scopeOf(actor), actor.userId, page);
      return { total: r.total, items: r.items.map(toUser) };
    },

    async get(actor: Actor, id: string): Promise<User> {
      return toUser(await visible(actor, id));
    },

    async create(actor: Actor, ip: string, input: CreateInput): Promise<User> {
      if (input.isAdmin && !actor.isAdmin) throw errors.adminOnly();
      await checkBindings(actor, input.employeeId, input.roleId);
      checkConsolePassword(input.password, input.username);
      const id = newId();
      // A password set by someone else is temporary: the user must choose their own at first login.
      await save(input.username, async () =>
        d.repo.insert({
          id,
          username: input.username,
          passwordHash: await hashPassword(input.password),
          employeeId: input.employeeId,
          roleId: input.roleId,
          isAdmin: input.isAdmin,
          locked: input.locked,
          mustChangePassword: true,
        }),
      );
      await d.audit.change(
        actor,
        ip,
        'user.create',
        { type: 'user', id },
        { username: input.username, isAdmin: input.isAdmin, roleId: input.roleId },
      );
      return toUser((await d.repo.findById(id)) as UserRow);
    },

    async update(actor: Actor, ip: string, id: string, input: UpdateInput): Promise<User> {
      const current = await visible(actor, id);
      if ((current.is_admin || input.isAdmin) && !actor.isAdmin) throw errors.adminOnly();
      const self = current.id === actor.userId;
      if (self && (input.locked === true || input.isAdmin === false)) throw errors.selfProtected();
      const losesAdmin = current.is_admin && !current.locked && (input.isAdmin === false || input.locked === true);
      if (losesAdmin && (await d.repo.countActiveAdmins()) <= 1) throw errors.lastAdmin();
      const employeeId = input.employeeId === undefined ? current.employee_id : input.employeeId;
      const roleId = input.roleId === undefined ? current.role_id : input.roleId;
      if (input.employeeId !== undefined || input.roleId !== undefined) await checkBindings(actor, employeeId, roleId);
      const patch: Parameters<UsersRepository['update']>[1] = {};
      if (input.employeeId !== undefined) patch.employee_id = input.employeeId;
      if (input.roleId !== undefined) patch.role_id = input.roleId;
      if (input.isAdmin !== undefined) patch.is_admin = input.isAdmin;
      if (input.locked !== undefined) patch.locked = input.locked;
      await save(current.username, () => d.repo.update(id, patch));
      if (input.password !== undefined) {
        checkConsolePassword(input.password, current.username);
        await d.repo.setPassword(id, await hashPassword(input.password), !self);
      }
      // Locking, or a password reset by someone else, ends the user's sessions at once.
      if (input.locked === true || (input.password !== undefined && !self)) await d.sessions.revokeAllOf(id, now());
      const changed = Object.keys(input).filter((k) => k !== 'password');
      await d.audit.change(
        actor,
        ip,
        'user.update',
        { type: 'user', id },
        {
          username: current.username,
          changed,
          ...(input.password !== undefined ? { passwordReset: true } : {}),
        },
      );
      return toUser((await d.repo.findById(id)) as UserRow);
    },

    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await visible(actor, id);
      if (current.id === actor.userId) throw errors.selfProtected();
      if (current.is_admin && !actor.isAdmin) throw errors.adminOnly();
      if (current.is_admin && !current.locked && (await d.repo.countActiveAdmins()) <= 1) throw errors.lastAdmin();
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'user.delete', { type: 'user', id }, { username: current.username });
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
