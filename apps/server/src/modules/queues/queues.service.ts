import type { Queue } from '@rexian/contracts';
import type { Database } from '@rexian/db';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation, missingReference } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeQueue, type ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { QueueFields, QueuesRepository } from './queues.repository.ts';

const errors = {
  notFound: () => new AppError('QUEUE_NOT_FOUND', 'queue not found', { category: 'not_found' }),
  nameTaken: (name: string) => new AppError('QUEUE_NAME_TAKEN', 'queue name taken', { category: 'conflict', details: { name } }),
  numberTaken: (number: string) =>
    new AppError('QUEUE_NUMBER_TAKEN', 'queue number taken', { category: 'conflict', details: { number } }),
  overflowSelf: () => new AppError('QUEUE_OVERFLOW_SELF', 'queue overflows to itself', { category: 'invalid' }),
  inUse: (queues: string[]) =>
    new AppError('QUEUE_IN_USE', 'queue is an overflow target', { category: 'conflict', details: { queues: queues.join(', ') } }),
  crmUrl: () => {
    const summary = 'vipLookupUrl: a CRM VIP lookup needs its HTTP address';
    return new AppError('VALIDATION_FAILED', summary, { category: 'invalid', details: { summary } });
  },
};

/**
 * Queues with the full §4.6.4.1 table, their distribution strategy and preference rules, overflow actions
 * and members with skill levels. Scope: a limited scope sees the queues it manages (supervisors) or serves
 * (agents); only `all` creates or deletes queues.
 */
export function createQueuesService(d: {
  db: Database;
  repo: QueuesRepository;
  audit: AuditService;
  scopeOf: (a: Actor) => Promise<ScopeFilter>;
}) {
  async function visible(actor: Actor, id: string): Promise<Queue> {
    const q = await d.repo.findById(id);
    if (!q || !inScopeQueue(await d.scopeOf(actor), id)) throw errors.notFound();
    return q;
  }
  async function requireAll(actor: Actor) {
    if ((await d.scopeOf(actor)).kind !== 'all') throw outOfScope();
  }
  function check(id: string, f: QueueFields) {
    for (const a of [f.onMaxWait, f.onMaxLength, f.onNoAgent])
      if (a.kind === 'queue' && a.queueId === id) throw errors.overflowSelf();
    if (f.vipEnabled && f.vipMethod === 'crm' && !f.vipLookupUrl) throw errors.crmUrl();
  }
  async function save(f: QueueFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'queues_name_uq')) throw errors.nameTaken(f.name);
      if (isUniqueViolation(e, 'queues_number_uq')) throw errors.numberTaken(f.number);
      if (isForeignKeyViolation(e)) throw missingReference(e);
      throw e;
    }
  }
  const fieldsOf = (q: Queue): QueueFields => {
    const { id: _id, members, ...rest } = q;
    return { ...rest, members: members.map((m) => ({ agentId: m.agentId, level: m.level })) };
  };

  return {
    async list(actor: Actor, q: string | undefined): Promise<Queue[]> {
      const scope = await d.scopeOf(actor);
      return (await d.repo.list(q)).filter((x) => inScopeQueue(scope, x.id));
    },
    get: visible,
    async create(actor: Actor, ip: string, f: QueueFields): Promise<Queue> {
      await requireAll(actor);
      const id = newId();
      check(id, f);
      await save(f, () => d.db.transaction((tx) => d.repo.insert(tx, id, f)));
      await d.audit.change(
        actor,
        ip,
        'queue.create',
        { type: 'queue', id },
        { name: f.name, number: f.number, strategy: f.strategy },
      );
      return (await d.repo.findById(id)) as Queue;
    },
    async update(actor: Actor, ip: string, id: string, patch: Partial<QueueFields>): Promise<Queue> {
      const current = await visible(actor, id);
      const next: QueueFields = { ...fieldsOf(current) };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      check(id, next);
      await save(next, () => d.db.transaction((tx) => d.repo.update(tx, id, next)));
      await d.audit.change(actor, ip, 'queue.update', { type: 'queue', id }, { name: current.name, changed: Object.keys(patch) });
      return (await d.repo.findById(id)) as Queue;
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await visible(actor, id);
      await requireAll(actor);
      const users = await d.repo.overflowingTo(id);
      if (users.length > 0) throw errors.inUse(users);
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'queue.delete', { type: 'queue', id }, { name: current.name });
    },
  };
}
export type QueuesService = ReturnType<typeof createQueuesService>;
