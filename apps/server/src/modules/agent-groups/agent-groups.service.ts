import type { AgentGroup } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { AppError, newId } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import { outOfScope } from '../../http/scope-errors.ts';
import { inScopeAgentGroup, type ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';

const notFound = () => new AppError('AGENT_GROUP_NOT_FOUND', 'agent group not found', { category: 'not_found' });
const taken = (name: string) =>
  new AppError('AGENT_GROUP_NAME_TAKEN', 'agent group name taken', { category: 'conflict', details: { name } });

/** Agent groups (§4.6.2). A limited scope sees its own and its managed groups; only `all` creates them. */
export function createAgentGroupsService(d: { db: Queryable; audit: AuditService; scopeOf: (a: Actor) => Promise<ScopeFilter> }) {
  const SELECT =
    'SELECT g.id, g.name, (SELECT count(*) FROM agents a WHERE a.group_id = g.id) AS agent_count FROM agent_groups g';
  const toGroup = (r: { id: string; name: string; agent_count: number }): AgentGroup => ({
    id: r.id,
    name: r.name,
    agentCount: r.agent_count,
  });

  async function visible(actor: Actor, id: string): Promise<AgentGroup> {
    const r = (await d.db.query<{ id: string; name: string; agent_count: number }>(`${SELECT} WHERE g.id = $1`, [id])).rows[0];
    if (!r || !inScopeAgentGroup(await d.scopeOf(actor), r.id)) throw notFound();
    return toGroup(r);
  }
  async function requireAll(actor: Actor) {
    if ((await d.scopeOf(actor)).kind !== 'all') throw outOfScope();
  }
  async function save(name: string, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'agent_groups_name_uq')) throw taken(name);
      throw e;
    }
  }

  return {
    async list(actor: Actor, q: string | undefined): Promise<AgentGroup[]> {
      const scope = await d.scopeOf(actor);
      const params: unknown[] = [];
      let where = 'WHERE TRUE';
      if (q) {
        params.push(`%${q}%`);
        where += ` AND g.name ILIKE $${params.length}`;
      }
      const rows = await d.db.query<{ id: string; name: string; agent_count: number }>(
        `${SELECT} ${where} ORDER BY g.name`,
        params,
      );
      return rows.rows.filter((r) => inScopeAgentGroup(scope, r.id)).map(toGroup);
    },
    get: visible,
    async create(actor: Actor, ip: string, name: string): Promise<AgentGroup> {
      await requireAll(actor);
      const id = newId();
      await save(name, () => d.db.query('INSERT INTO agent_groups (id, name) VALUES ($1, $2)', [id, name]));
      await d.audit.change(actor, ip, 'agent-group.create', { type: 'agent-group', id }, { name });
      return visible(actor, id);
    },
    async rename(actor: Actor, ip: string, id: string, name: string): Promise<AgentGroup> {
      const current = await visible(actor, id);
      await save(name, () => d.db.query('UPDATE agent_groups SET name = $2, updated_at = now() WHERE id = $1', [id, name]));
      await d.audit.change(actor, ip, 'agent-group.update', { type: 'agent-group', id }, { from: current.name, to: name });
      return visible(actor, id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await visible(actor, id);
      await requireAll(actor);
      if (current.agentCount > 0) {
        throw new AppError('AGENT_GROUP_HAS_AGENTS', 'group has agents', {
          category: 'conflict',
          details: { count: current.agentCount },
        });
      }
      await d.db.query('DELETE FROM agent_groups WHERE id = $1', [id]);
      await d.audit.change(actor, ip, 'agent-group.delete', { type: 'agent-group', id }, { name: current.name });
    },
  };
}
export type AgentGroupsService = ReturnType<typeof createAgentGroupsService>;
