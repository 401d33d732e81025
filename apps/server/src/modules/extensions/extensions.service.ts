import type { Extension } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeEmployee, type ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { EmployeesRepository } from '../employees/employees.repository.ts';
import { digestHa1, generateExtensionPassword } from './digest-secrets.ts';
import { extensionErrors as errors } from './extensions.errors.ts';
import type { ExtensionFields, ExtensionsRepository } from './extensions.repository.ts';

type Patch = Partial<Omit<ExtensionFields, 'number'>>;

/**
 * Extensions (§4.6.9's 分机; the SIP accounts phones register with). Passwords are generated (20
 * characters) or set by hand under the manual's rule, returned once, and kept only as digest HA1 values.
 * Scope: an extension belongs to the scope of the employee it is bound to; unbound ones need `all`.
 */
export function createExtensionsService(d: {
  db: Queryable;
  realm: string;
  repo: ExtensionsRepository;
  employees: EmployeesRepository;
  audit: AuditService;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
}) {
  async function visible(actor: Actor, id: string): Promise<Extension> {
    const x = await d.repo.findById(id);
    if (!x) throw errors.notFound();
    const scope = await d.scopeOf(actor);
    if (scope.kind !== 'all' && !inScopeEmployee(scope, x.employeeId)) throw errors.notFound();
    return x;
  }

  async function checkEmployee(actor: Actor, employeeId: string | null) {
    const scope = await d.scopeOf(actor);
    if (employeeId === null) {
      if (scope.kind !== 'all') throw outOfScope();
      return;
    }
    if (!(await d.employees.findById(employeeId))) throw errors.employeeNotFound();
    if (!inScopeEmployee(scope, employeeId)) throw outOfScope();
  }

  const secretOf = (number: string, password: string) => ({ realm: d.realm, ...digestHa1(number, d.realm, password) });

  return {
    async list(
      actor: Actor,
      filter: { q?: string | undefined; status?: 'online' | 'offline' | undefined },
      page?: { limit: number; offset: number },
    ) {
      return d.repo.list(filter, await d.scopeOf(actor), page);
    },
    get: visible,

    async create(actor: Actor, ip: string, input: ExtensionFields & { password?: string | undefined }) {
      await checkEmployee(actor, input.employeeId);
      const password = input.password ?? generateExtensionPassword();
      const id = newId();
      try {
        await d.repo.insert(id, input, secretOf(input.number, password));
      } catch (e) {
        if (isUniqueViolation(e, 'extensions_number_uq')) throw errors.numberTaken(input.number);
        throw e;
      }
      await d.audit.change(
        actor,
        ip,
        'extension.create',
        { type: 'extension', id },
        { number: input.number, generatedPassword: !input.password },
      );
      return { ...((await d.repo.findById(id)) as Extension), password };
    },

    async update(actor: Actor, ip: string, id: string, patch: Patch): Promise<Extension> {
      const current = await visible(actor, id);
      if (patch.employeeId !== undefined) await checkEmployee(actor, patch.employeeId);
      const next: ExtensionFields = {
        number: current.number,
        displayName: patch.displayName ?? current.displayName,
        enabled: patch.enabled ?? current.enabled,
        maxContacts: patch.maxContacts ?? current.maxContacts,
        codecs: patch.codecs ?? current.codecs,
        employeeId: patch.employeeId === undefined ? current.employeeId : patch.employeeId,
      };
      await d.repo.update(id, next);
      // A disabled extension loses its registrations at once (the registrar refuses it from now on).
      if (!next.enabled) await d.db.query('DELETE FROM sip_registrations WHERE extension_id = $1', [id]);
      await d.audit.change(
        actor,
        ip,
        'extension.update',
        { type: 'extension', id },
        { number: current.number, changed: Object.keys(patch) },
      );
      return (await d.repo.findById(id)) as Extension;
    },

    async setPassword(actor: Actor, ip: string, id: string, given: string | undefined) {
      const current = await visible(actor, id);
      const password = given ?? generateExtensionPassword();
      await d.repo.setSecret(id, secretOf(current.number, password));
      await d.audit.change(
        actor,
        ip,
        'extension.password',
        { type: 'extension', id },
        { number: current.number, generated: !given },
      );
      return { ...((await d.repo.findById(id)) as Extension), password };
    },

    async remove(actor: Actor, ip: string, id: string) {
      const current = await visible(actor, id);
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'extension.delete', { type: 'extension', id }, { number: current.number });
    },
  };
}
export type ExtensionsService = ReturnType<typeof createExtensionsService>;
