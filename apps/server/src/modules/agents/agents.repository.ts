import type { Agent } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  number: string;
  name: string;
  type: 'agent' | 'supervisor';
  role_id: string | null;
  group_id: string | null;
  group_name: string | null;
  enabled: boolean;
  regions: string[];
  employee_id: string | null;
  employee_name: string | null;
  extension_id: string | null;
  extension_number: string | null;
  skills: { queueId: string; queueName: string; level: number }[] | null;
  managed_group_ids: string[];
  managed_queue_ids: string[];
};

const SELECT = `SELECT a.id, a.number, a.name, a.type, a.role_id, a.group_id, g.name AS group_name, a.enabled, a.regions,
    a.employee_id, e.name AS employee_name, a.extension_id, x.number AS extension_number,
    (SELECT json_agg(json_build_object('queueId', m.queue_id, 'queueName', q.name, 'level', m.skill_level) ORDER BY q.name)
       FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE m.agent_id = a.id) AS skills,
    ARRAY(SELECT group_id::text FROM supervisor_groups WHERE agent_id = a.id ORDER BY 1) AS managed_group_ids,
    ARRAY(SELECT queue_id::text FROM supervisor_queues WHERE agent_id = a.id ORDER BY 1) AS managed_queue_ids
  FROM agents a LEFT JOIN agent_groups g ON g.id = a.group_id LEFT JOIN employees e ON e.id = a.employee_id
  LEFT JOIN extensions x ON x.id = a.extension_id`;

const toAgent = (r: Row): Agent => ({
  id: r.id,
  number: r.number,
  name: r.name,
  type: r.type,
  roleId: r.role_id,
  groupId: r.group_id,
  groupName: r.group_name,
  enabled: r.enabled,
  regions: r.regions,
  employeeId: r.employee_id,
  employeeName: r.employee_name,
  extensionId: r.extension_id,
  extensionNumber: r.extension_number,
  skills: r.skills ?? [],
  managedGroupIds: r.managed_group_ids,
  managedQueueIds: r.managed_queue_ids,
});

export type AgentFields = Omit<Agent, 'id' | 'groupName' | 'employeeName' | 'extensionNumber' | 'skills'> & {
  skills: { queueId: string; level: number }[];
};

export function createAgentsRepository(db: Queryable) {
  async function writeLinks(tx: Queryable, id: string, f: AgentFields) {
    await tx.query('DELETE FROM queue_members WHERE agent_id = $1', [id]);
    for (const s of f.skills) {
      await tx.query('INSERT INTO queue_members (queue_id, agent_id, skill_level) VALUES ($1, $2, $3)', [s.queueId, id, s.level]);
    }
    await tx.query('DELETE FROM supervisor_groups WHERE agent_id = $1', [id]);
    for (const g of new Set(f.managedGroupIds))
      await tx.query('INSERT INTO supervisor_groups (agent_id, group_id) VALUES ($1, $2)', [id, g]);
    await tx.query('DELETE FROM supervisor_queues WHERE agent_id = $1', [id]);
    for (const q of new Set(f.managedQueueIds))
      await tx.query('INSERT INTO supervisor_queues (agent_id, queue_id) VALUES ($1, $2)', [id, q]);
  }
  return {
    async list(filter: { q?: string | undefined; groupId?: string | undefined; type?: string | undefined }): Promise<Agent[]> {
      const params: unknown[] = [];
      const clauses = ['TRUE'];
      if (filter.q) {
        params.push(`%${filter.q}%`);
        clauses.push(`(a.number LIKE $${params.length} OR a.name ILIKE $${params.length} OR g.name ILIKE $${params.length})`);
      }
      if (filter.groupId) {
        params.push(filter.groupId);
        clauses.push(`a.group_id = $${params.length}`);
      }
      if (filter.type) {
        params.push(filter.type);
        clauses.push(`a.type = $${params.length}`);
      }
      return (await db.query<Row>(`${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY a.number`, params)).rows.map(toAgent);
    },
    async findById(id: string): Promise<Agent | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE a.id = $1`, [id])).rows[0];
      return r ? toAgent(r) : undefined;
    },
    async insert(tx: Queryable, id: string, f: AgentFields, passwordHash: string) {
      await tx.query(
        `INSERT INTO agents (id, number, name, type, password_hash, role_id, group_id, enabled, regions, employee_id, extension_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, f.number, f.name, f.type, passwordHash, f.roleId, f.groupId, f.enabled, f.regions, f.employeeId, f.extensionId],
      );
      await writeLinks(tx, id, f);
    },
    async update(tx: Queryable, id: string, f: AgentFields, passwordHash: string | null) {
      await tx.query(
        `UPDATE agents SET name = $2, type = $3, role_id = $4, group_id = $5, enabled = $6, regions = $7, employee_id = $8,
           extension_id = $9, password_hash = COALESCE($10, password_hash), updated_at = now() WHERE id = $1`,
        [id, f.name, f.type, f.roleId, f.groupId, f.enabled, f.regions, f.employeeId, f.extensionId, passwordHash],
      );
      await writeLinks(tx, id, f);
    },
    async delete(id: string) {
      await db.query('DELETE FROM agents WHERE id = $1', [id]);
    },
  };
}
export type AgentsRepository = ReturnType<typeof createAgentsRepository>;
