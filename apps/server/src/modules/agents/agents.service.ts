import type { Agent } from '@rexian/contracts';
import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation, missingReference } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeAgentGroup, inScopeEmployee, type ScopeFilter } from '../../security/data-scope.ts';
import { hashPassword } from '../../security/passwords.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { agentErrors as errors } from './agents.errors.ts';
import type { AgentFields, AgentsRepository } from './agents.repository.ts';

type Input = Partial<Omit<AgentFields, 'number'>> & { password?: string | undefined };

/**
 * Agents (§4.6.3): CTI identities with an agent number, a sign-in password (argon2id), a group, regions,
 * skill levels per queue and — for supervisors — the managed agent groups and queues (§4.6.3.7) that
 * become their `managed` data scope. Visible: bound to an employee in scope, or (managed scope) in a
 * managed group; `all` sees every agent.
 */
export function createAgentsService(d: {
  db: Database;
  repo: AgentsRepository;
  audit: AuditService;
  scopeOf: (a: Actor) => Promise<ScopeFilter>;
}) {
  const visibleIn = (actor: Actor, scope: ScopeFilter, a: Agent) =>
    scope.kind === 'all' ||
    inScopeEmployee(scope, a.employeeId) ||
    (actor.dataScope === 'managed' && inScopeAgentGroup(scope, a.groupId));

  async function visible(actor: Actor, id: string): Promise<Agent> {
    const a = await d.repo.findById(id);
    if (!a || !visibleIn(actor, await d.scopeOf(actor), a)) throw errors.notFound();
    return a;
  }

  /** Outside `all`, agents may only be placed in managed groups. */
  async function assertPlaceable(actor: Actor, groupId: string | null) {
    const scope = await d.scopeOf(actor);
    if (scope.kind === 'all') return;
    if (actor.dataScope !== 'managed' || !inScopeAgentGroup(scope, groupId)) throw outOfScope();
  }

  function check(f: AgentFields) {
    if (f.type !== 'supervisor' && (f.managedGroupIds.length > 0 || f.managedQueueIds.length > 0)) throw errors.notSupervisor();
  }

  async function save(number: string, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'agents_number_uq')) throw errors.numberTaken(number);
      if (isUniqueViolation(e, 'agents_employee_uq')) throw errors.employeeTaken();
      if (isUniqueViolation(e)) throw errors.numberTaken(number);
      if (isForeignKeyViolation(e)) throw missingReference(e);
      throw e;
    }
  }

  const fieldsOf = (a: Agent): AgentFields => ({
    number: a.number,
    name: a.name,
    type: a.type,
    roleId: a.roleId,
    groupId: a.groupId,
    enabled: a.enabled,
    regions: a.regions,
    employeeId: a.employeeId,
    extensionId: a.extensionId,
    skills: a.skills.map((s) => ({ queueId: s.queueId, level: s.level })),
    managedGroupIds: a.managedGroupIds,
    managedQueueIds: a.managedQueueIds,
  });

  return {
    async list(actor: Actor, filter: { q?: string | undefined; groupId?: string | undefined; type?: string | undefined }) {
      const scope = await d.scopeOf(actor);
      return (await d.repo.list(filter)).filter((a) => visibleIn(actor, scope, a));
    },
    get: visible,

    async create(actor: Actor, ip: string, input: AgentFields & { password: string }): Promise<Agent> {
      check(input);
      await assertPlaceable(actor, input.groupId);
      const id = newId();
      const hash = await hashPassword(input.password);
      await save(input.number, () => d.db.transaction((tx) => d.repo.insert(tx, id, input, hash)));
      await d.audit.change(actor, ip, 'agent.create', { type: 'agent', id }, { number: input.number, type: input.type });
      return (await d.repo.findById(id)) as Agent;
    },

    /** §4.6.3.2: numbers startNumber … startNumber+count−1 (keeping leading zeros), named after their numbers. */
    async createBatch(
      actor: Actor,
      ip: string,
      input: Omit<
        AgentFields,
        'number' | 'name' | 'employeeId' | 'extensionId' | 'skills' | 'managedGroupIds' | 'managedQueueIds'
      > & { startNumber: string; count: number; password: string },
    ) {
      await assertPlaceable(actor, input.groupId);
      const width = input.startNumber.length;
      const start = BigInt(input.startNumber);
      const hash = await hashPassword(input.password);
      const created: string[] = [];
      let current = '';
      await save(input.startNumber, async () => {
        await d.db.transaction(async (tx) => {
          for (let i = 0; i < input.count; i++) {
            current = (start + BigInt(i)).toString().padStart(width, '0');
            const id = newId();
            const f: AgentFields = {
              ...input,
              number: current,
              name: current,
              employeeId: null,
              extensionId: null,
              skills: [],
              managedGroupIds: [],
              managedQueueIds: [],
            };
            await d.repo.insert(tx, id, f, hash);
            created.push(id);
          }
        });
      }).catch((e: unknown) => {
        // Name the number that clashed, not the first one.
        if ((e as { code?: string }).code === 'AGENT_NUMBER_TAKEN') throw errors.numberTaken(current);
        throw e;
      });
      await d.audit.change(
        actor,
        ip,
        'agent.create-batch',
        { type: 'agent', id: created[0] ?? '' },
        { startNumber: input.startNumber, count: input.count },
      );
      return Promise.all(created.map(async (id) => (await d.repo.findById(id)) as Agent));
    },

    async update(actor: Actor, ip: string, id: string, input: Input): Promise<Agent> {
      const current = await visible(actor, id);
      const base = fieldsOf(current);
      const next: AgentFields = { ...base };
      for (const [k, v] of Object.entries(input))
        if (v !== undefined && k !== 'password') (next as Record<string, unknown>)[k] = v;
      check(next);
      if (next.groupId !== current.groupId) await assertPlaceable(actor, next.groupId);
      const hash = input.password ? await hashPassword(input.password) : null;
      await save(current.number, () => d.db.transaction((tx) => d.repo.update(tx, id, next, hash)));
      const changed = Object.keys(input).filter((k) => k !== 'password');
      await d.audit.change(
        actor,
        ip,
        'agent.update',
        { type: 'agent', id },
        { number: current.number, changed, ...(hash ? { passwordChanged: true } : {}) },
      );
      return (await d.repo.findById(id)) as Agent;
    },

    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await visible(actor, id);
      await assertPlaceable(actor, current.groupId);
      if (current.employeeId) throw errors.boundToEmployee();
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'agent.delete', { type: 'agent', id }, { number: current.number });
    },
  };
}
export type AgentsService = ReturnType<typeof createAgentsService>;
