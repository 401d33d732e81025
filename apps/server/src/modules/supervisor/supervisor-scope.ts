import type { AgentRecord } from '@rexian/acd';
import type { CtiRuntime } from '../../cti/cti-runtime.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * Who a console user may supervise (§3 班长席, issue 8 §4: "limited, on the server, to the supervisor's
 * managed groups and queues"). Shared by the wallboards/actions and the monitor routes.
 *
 * - An admin supervises every agent and every queue (`all`).
 * - Otherwise the agent bound to the user's employee must be an enabled agent of type `supervisor`
 *   (`managed`); it reaches the agents of its managed groups, the members of its managed queues, and
 *   itself; the queues it reaches are exactly its managed queues. A queue is not reached just because
 *   some of its members are: those members also serve queues of other supervisors, and moving calls or
 *   watching a queue is a decision about the whole queue, so it is granted only by assigning the queue.
 * - Anyone else (no bound agent, or a plain agent) supervises nothing (`none`).
 *
 * Everything outside the scope answers 404, as if it did not exist.
 */
export interface SupervisorScope {
  readonly kind: 'all' | 'managed' | 'none';
  /** The acting user's own agent, when bound (the actor id of forced states). */
  readonly supervisorAgentId: string | null;
  readonly agentIds: ReadonlySet<string>;
  readonly queueIds: ReadonlySet<string>;
}

const NONE: SupervisorScope = { kind: 'none', supervisorAgentId: null, agentIds: new Set(), queueIds: new Set() };

function recordOf(rt: CtiRuntime, agentId: string): AgentRecord | undefined {
  try {
    return rt.acd.agentRecord(agentId);
  } catch {
    return undefined;
  }
}

/** The actor's scope over the running ACD (call `rt.refresh()` first for the newest configuration). */
export function supervisorScope(rt: CtiRuntime, actor: Actor): SupervisorScope {
  const own = actor.employeeId ? rt.agentOfEmployee(actor.employeeId) : undefined;
  const ownId = own?.id ?? null;
  if (actor.isAdmin) {
    return {
      kind: 'all',
      supervisorAgentId: ownId,
      agentIds: new Set(rt.acd.agents().map((a) => a.id)),
      queueIds: new Set(rt.acd.queueIds()),
    };
  }
  const me = ownId === null ? undefined : recordOf(rt, ownId);
  if (!me || me.type !== 'supervisor' || !me.enabled) return NONE;
  const groups = new Set(me.managedGroupIds);
  const known = new Set(rt.acd.queueIds());
  const queueIds = new Set(me.managedQueueIds.filter((q) => known.has(q)));
  const agentIds = new Set<string>([me.id]);
  for (const a of rt.acd.agents()) {
    const r = recordOf(rt, a.id);
    if (!r) continue;
    if ((r.groupId !== undefined && groups.has(r.groupId)) || Object.keys(r.skills).some((q) => queueIds.has(q))) {
      agentIds.add(r.id);
    }
  }
  return { kind: 'managed', supervisorAgentId: me.id, agentIds, queueIds };
}

/** The agents the actor may watch and act on. */
export function supervisedAgentIds(rt: CtiRuntime, actor: Actor): ReadonlySet<string> {
  return supervisorScope(rt, actor).agentIds;
}

/** Whether the actor may watch and act on this agent (false: answer 404). */
export function canSupervise(rt: CtiRuntime, actor: Actor, agentId: string): boolean {
  return supervisorScope(rt, actor).agentIds.has(agentId);
}
