import type { AcdEngine, AgentRecord, AgentRules, BusyReason, OverflowAction, QueueConfig, VipEntry } from '@rexian/acd';
import { ctiSettings, defaultCtiSettings } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { Logger } from '@rexian/kernel';

/** An agent as CTI needs it beyond the ACD record: the bound extension and the employee (for the console user). */
export interface AgentDirectoryEntry {
  id: string;
  number: string;
  name: string;
  boundExtension: string | null;
  employeeId: string | null;
}

export interface AcdConfiguration {
  fingerprint: string;
  agents: AgentRecord[];
  directory: AgentDirectoryEntry[];
  queues: QueueConfig[];
  vip: VipEntry[];
  busyReasons: BusyReason[];
  rules: Partial<AgentRules>;
  /** §4.6.11 启用强制评分: the agent's hang-up sends the customer to the satisfaction survey. */
  forcedRating: boolean;
  /** The screen-pop URL template ('' = none). */
  screenPopUrl: string;
  /** §4.6.11 混合办公模式: agents' extensions take ordinary calls while the agent is signed out. */
  mixedOfficeMode: boolean;
}

/**
 * One cheap query that changes whenever anything the ACD is configured from changes (agents, their
 * extensions, queues, members, supervisor scope, VIP numbers, busy reasons, the CTI settings), so the
 * running engine reloads before the next sign-in or queued call instead of every module notifying it.
 */
const FINGERPRINT = `SELECT md5(concat_ws('|',
  (SELECT string_agg(a.id::text || a.updated_at::text || a.enabled::text || coalesce(x.number, '-'), ',' ORDER BY a.id)
     FROM agents a LEFT JOIN extensions x ON x.id = a.extension_id),
  (SELECT string_agg(id::text || updated_at::text, ',' ORDER BY id) FROM queues),
  (SELECT string_agg(queue_id::text || agent_id::text || skill_level::text, ',' ORDER BY queue_id, agent_id) FROM queue_members),
  (SELECT string_agg(agent_id::text || group_id::text, ',' ORDER BY agent_id, group_id) FROM supervisor_groups),
  (SELECT string_agg(agent_id::text || queue_id::text, ',' ORDER BY agent_id, queue_id) FROM supervisor_queues),
  (SELECT string_agg(v.number || v.is_global::text || coalesce(q.queue_id::text, '-'), ',' ORDER BY v.number, q.queue_id)
     FROM vip_numbers v LEFT JOIN vip_number_queues q ON q.vip_id = v.id),
  (SELECT string_agg(code, ',' ORDER BY code) FROM busy_reasons),
  (SELECT value::text FROM settings WHERE key = 'cti'))) AS f`;

export async function acdFingerprint(db: Queryable): Promise<string> {
  const r = await db.query<{ f: string }>(FINGERPRINT);
  return r.rows[0]?.f ?? '';
}

type Row = Record<string, unknown>;
const str = (v: unknown) => String(v);
const action = (v: unknown): OverflowAction => (v ?? { kind: 'hangup' }) as OverflowAction;

/** Reads the ACD's configuration from the tables of 0003_acd_config.sql and the CTI settings. */
export async function loadAcdConfiguration(db: Queryable): Promise<AcdConfiguration> {
  const fingerprint = await acdFingerprint(db);
  const [agents, members, groups, queuesManaged, queues, vips, reasons, settings] = await Promise.all([
    db.query<Row>(`SELECT a.id, a.number, a.name, a.type, a.role_id, a.group_id, a.enabled, a.regions, a.employee_id,
                          x.number AS extension
                     FROM agents a LEFT JOIN extensions x ON x.id = a.extension_id AND x.enabled`),
    db.query<Row>('SELECT queue_id, agent_id, skill_level FROM queue_members'),
    db.query<Row>('SELECT agent_id, group_id FROM supervisor_groups'),
    db.query<Row>('SELECT agent_id, queue_id FROM supervisor_queues'),
    db.query<Row>('SELECT * FROM queues'),
    db.query<Row>(`SELECT v.number, v.is_global, coalesce(array_agg(q.queue_id::text) FILTER (WHERE q.queue_id IS NOT NULL), '{}') AS queue_ids
                     FROM vip_numbers v LEFT JOIN vip_number_queues q ON q.vip_id = v.id GROUP BY v.number, v.is_global`),
    db.query<Row>('SELECT code, name FROM busy_reasons ORDER BY sort_order, code'),
    db.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'cti'"),
  ]);
  const skills = new Map<string, Record<string, number>>();
  for (const m of members.rows) {
    const s = skills.get(str(m.agent_id)) ?? {};
    s[str(m.queue_id)] = Number(m.skill_level);
    skills.set(str(m.agent_id), s);
  }
  const managed = (rows: Row[], key: string) => {
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(str(r.agent_id), [...(out.get(str(r.agent_id)) ?? []), str(r[key])]);
    return out;
  };
  const managedGroups = managed(groups.rows, 'group_id');
  const managedQueues = managed(queuesManaged.rows, 'queue_id');
  const stored = ctiSettings.partial().safeParse(settings.rows[0]?.value ?? {});
  const s = { ...defaultCtiSettings, ...(stored.success ? stored.data : {}) };
  return {
    fingerprint,
    agents: agents.rows.map((a): AgentRecord => {
      const supervisor = a.type === 'supervisor';
      return {
        id: str(a.id),
        number: str(a.number),
        name: str(a.name),
        type: supervisor ? 'supervisor' : 'agent',
        ...(a.role_id ? { roleId: str(a.role_id) } : {}),
        ...(a.group_id ? { groupId: str(a.group_id) } : {}),
        enabled: a.enabled === true,
        regions: (a.regions as string[] | null) ?? [],
        skills: skills.get(str(a.id)) ?? {},
        managedGroupIds: supervisor ? (managedGroups.get(str(a.id)) ?? []) : [],
        managedQueueIds: supervisor ? (managedQueues.get(str(a.id)) ?? []) : [],
      };
    }),
    directory: agents.rows.map((a) => ({
      id: str(a.id),
      number: str(a.number),
      name: str(a.name),
      boundExtension: a.extension ? str(a.extension) : null,
      employeeId: a.employee_id ? str(a.employee_id) : null,
    })),
    queues: queues.rows.map(
      (q): QueueConfig => ({
        id: str(q.id),
        name: str(q.name),
        number: str(q.number),
        announcePosition: q.announce_position === true,
        positionIntervalMs: Number(q.position_interval_ms),
        announceAgentNumber: q.announce_agent_number === true,
        reservedIdleAgents: Number(q.reserved_idle_agents),
        maxWaitMs: Number(q.max_wait_ms),
        onMaxWait: action(q.on_max_wait),
        maxLength: Number(q.max_length),
        onMaxLength: action(q.on_max_length),
        noAgentMaxWaitMs: Number(q.no_agent_max_wait_ms),
        onNoAgent: action(q.on_no_agent),
        vipEnabled: q.vip_enabled === true,
        vipMethod: q.vip_method === 'crm' ? 'crm' : 'cti',
        ...(q.vip_lookup_url ? { vipLookupUrl: str(q.vip_lookup_url) } : {}),
        httpTimeoutMs: Number(q.http_timeout_ms),
        ringTimeMs: Number(q.ring_time_ms),
        ...(q.music_on_hold ? { musicOnHold: str(q.music_on_hold) } : {}),
        strategy: str(q.strategy) as QueueConfig['strategy'],
        preferenceRules: (q.preference_rules as QueueConfig['preferenceRules'] | null) ?? [],
        priority: Number(q.priority),
      }),
    ),
    vip: vips.rows.map((v) => ({ number: str(v.number), global: v.is_global === true, queueIds: v.queue_ids as string[] })),
    busyReasons: reasons.rows.map((r) => ({ id: str(r.code), name: str(r.name) })),
    forcedRating: s.forcedRating,
    screenPopUrl: s.screenPopUrl,
    mixedOfficeMode: s.mixedOfficeMode,
    rules: {
      wrapUpMs: s.wrapUpMs,
      autoIdleAfterWrapUp: s.autoIdleAfterWrapUp,
      maxWrapUpMs: s.maxWrapUpMs,
      minBusyMs: s.minBusyMs,
      retentionMs: s.retentionMs,
      rejectIntervalMs: s.rejectIntervalMs,
      ringTimeoutAction: s.ringTimeoutAction,
      idleReminderMs: s.idleReminderMs,
      reserveTimeoutMs: s.reserveTimeoutMs,
      maxTalkMs: s.maxTalkMs,
      maxBusyMs: s.maxBusyMs,
      maxAwayMs: s.maxAwayMs,
      maxOutboundOnlyMs: s.maxOutboundOnlyMs,
    },
  };
}

/**
 * Applies a configuration to a running engine: upserts keep signed-in agents' state; agents and queues
 * that are gone are removed (a removed agent is signed out; a queue with callers waiting stays until
 * they are served, and is retried at the next reload).
 */
export function applyAcdConfiguration(acd: AcdEngine, c: AcdConfiguration, log: Logger): void {
  acd.setRules(c.rules);
  acd.setBusyReasons(c.busyReasons);
  acd.setVipList(c.vip);
  for (const q of c.queues) acd.upsertQueue(q);
  for (const a of c.agents) acd.upsertAgent(a);
  const agentIds = new Set(c.agents.map((a) => a.id));
  for (const a of acd.agents()) if (!agentIds.has(a.id)) acd.removeAgent(a.id);
  const queueIds = new Set(c.queues.map((q) => q.id));
  for (const id of acd.queueIds()) {
    if (queueIds.has(id)) continue;
    try {
      acd.removeQueue(id);
    } catch (error) {
      log.warn({ error, queueId: id }, 'a deleted queue still has callers; it is removed once they are served');
    }
  }
}
