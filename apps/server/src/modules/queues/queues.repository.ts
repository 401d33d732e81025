import type { OverflowActionDto, Queue } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  name: string;
  number: string;
  announce_position: boolean;
  position_interval_ms: number;
  announce_agent_number: boolean;
  reserved_idle_agents: number;
  max_wait_ms: number;
  on_max_wait: OverflowActionDto;
  max_length: number;
  on_max_length: OverflowActionDto;
  no_agent_max_wait_ms: number;
  on_no_agent: OverflowActionDto;
  vip_enabled: boolean;
  vip_method: 'cti' | 'crm';
  vip_lookup_url: string | null;
  http_timeout_ms: number;
  ring_time_ms: number;
  music_on_hold: string | null;
  strategy: Queue['strategy'];
  preference_rules: Queue['preferenceRules'];
  priority: number;
  members: Queue['members'] | null;
};

const SELECT = `SELECT q.*,
    (SELECT json_agg(json_build_object('agentId', a.id, 'agentNumber', a.number, 'agentName', a.name, 'level', m.skill_level)
       ORDER BY a.number) FROM queue_members m JOIN agents a ON a.id = m.agent_id WHERE m.queue_id = q.id) AS members
  FROM queues q`;

const toQueue = (r: Row): Queue => ({
  id: r.id,
  name: r.name,
  number: r.number,
  announcePosition: r.announce_position,
  positionIntervalMs: r.position_interval_ms,
  announceAgentNumber: r.announce_agent_number,
  reservedIdleAgents: r.reserved_idle_agents,
  maxWaitMs: r.max_wait_ms,
  onMaxWait: r.on_max_wait,
  maxLength: r.max_length,
  onMaxLength: r.on_max_length,
  noAgentMaxWaitMs: r.no_agent_max_wait_ms,
  onNoAgent: r.on_no_agent,
  vipEnabled: r.vip_enabled,
  vipMethod: r.vip_method,
  vipLookupUrl: r.vip_lookup_url,
  httpTimeoutMs: r.http_timeout_ms,
  ringTimeMs: r.ring_time_ms,
  musicOnHold: r.music_on_hold,
  strategy: r.strategy,
  preferenceRules: r.preference_rules,
  priority: r.priority,
  members: r.members ?? [],
});

export type QueueFields = Omit<Queue, 'id' | 'members'> & { members: { agentId: string; level: number }[] };

const COLUMNS = `name, number, announce_position, position_interval_ms, announce_agent_number, reserved_idle_agents, max_wait_ms,
  on_max_wait, max_length, on_max_length, no_agent_max_wait_ms, on_no_agent, vip_enabled, vip_method, vip_lookup_url,
  http_timeout_ms, ring_time_ms, music_on_hold, strategy, preference_rules, priority`;

const values = (f: QueueFields) => [
  f.name,
  f.number,
  f.announcePosition,
  f.positionIntervalMs,
  f.announceAgentNumber,
  f.reservedIdleAgents,
  f.maxWaitMs,
  JSON.stringify(f.onMaxWait),
  f.maxLength,
  JSON.stringify(f.onMaxLength),
  f.noAgentMaxWaitMs,
  JSON.stringify(f.onNoAgent),
  f.vipEnabled,
  f.vipMethod,
  f.vipLookupUrl,
  f.httpTimeoutMs,
  f.ringTimeMs,
  f.musicOnHold,
  f.strategy,
  f.preferenceRules,
  f.priority,
];

export function createQueuesRepository(db: Queryable) {
  async function writeMembers(tx: Queryable, id: string, members: QueueFields['members']) {
    await tx.query('DELETE FROM queue_members WHERE queue_id = $1', [id]);
    for (const m of members)
      await tx.query('INSERT INTO queue_members (queue_id, agent_id, skill_level) VALUES ($1, $2, $3)', [id, m.agentId, m.level]);
  }
  return {
    async list(q: string | undefined): Promise<Queue[]> {
      const params = q ? [`%${q}%`] : [];
      const where = q ? 'WHERE q.name ILIKE $1 OR q.number LIKE $1' : '';
      return (await db.query<Row>(`${SELECT} ${where} ORDER BY q.number`, params)).rows.map(toQueue);
    },
    async findById(id: string): Promise<Queue | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE q.id = $1`, [id])).rows[0];
      return r ? toQueue(r) : undefined;
    },
    async insert(tx: Queryable, id: string, f: QueueFields) {
      const placeholders = values(f)
        .map((_, i) => `$${i + 2}`)
        .join(', ');
      await tx.query(`INSERT INTO queues (id, ${COLUMNS}) VALUES ($1, ${placeholders})`, [id, ...values(f)]);
      await writeMembers(tx, id, f.members);
    },
    async update(tx: Queryable, id: string, f: QueueFields) {
      const sets = COLUMNS.split(',')
        .map((c, i) => `${c.trim()} = $${i + 2}`)
        .join(', ');
      await tx.query(`UPDATE queues SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...values(f)]);
      await writeMembers(tx, id, f.members);
    },
    /** Queues whose overflow actions send calls to `id`. */
    async overflowingTo(id: string): Promise<string[]> {
      const r = await db.query<{ name: string }>(
        `SELECT name FROM queues WHERE id <> $1 AND (on_max_wait->>'queueId' = $2 OR on_max_length->>'queueId' = $2 OR on_no_agent->>'queueId' = $2)`,
        [id, id],
      );
      return r.rows.map((x) => x.name);
    },
    async delete(id: string) {
      await db.query('DELETE FROM queues WHERE id = $1', [id]);
    },
  };
}
export type QueuesRepository = ReturnType<typeof createQueuesRepository>;
