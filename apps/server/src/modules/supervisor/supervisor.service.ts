import {
  maskPhoneNumber,
  type SupervisedAgent,
  type SupervisedAgentCall,
  type SupervisedQueue,
  type SupervisorAgentsBoard,
  type SupervisorForceState,
  type SupervisorQueuesBoard,
  type SupervisorStreamMessage,
} from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { AppError, type Clock, type Logger } from '@rexian/kernel';
import type { CtiRuntime } from '../../cti/cti-runtime.ts';
import { type Actor, hasPermission } from '../../http/actor.ts';
import { createCoalescedPush } from '../../http/coalesced-push.ts';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type SupervisorScope, supervisorScope } from './supervisor-scope.ts';

/** Pushes are coalesced: one answer moves agent state, leg and queue in a burst of events. */
const PUSH_DELAY_MS = 200;
/** How often a long-lived stream re-checks its session and the ACD configuration (scope changes). */
const SESSION_CHECK_MS = 10_000;

export const supervisorErrors = {
  notRunning: () => new AppError('CTI_NOT_RUNNING', 'CTI is not running', { category: 'unavailable' }),
  /** Also the answer for an agent outside the scope: its existence is not revealed. */
  agentNotFound: (agentId: string) =>
    new AppError('AGENT_NOT_FOUND', 'agent not found', { category: 'not_found', details: { agentId } }),
  queueNotFound: (queueId: string) =>
    new AppError('QUEUE_NOT_FOUND', 'queue not found', { category: 'not_found', details: { queueId } }),
  callNotFound: (callId: string) =>
    new AppError('SUPERVISOR_CALL_NOT_FOUND', 'no such waiting call in the supervised queues', {
      category: 'not_found',
      details: { callId },
    }),
};
const errors = supervisorErrors;

export interface SupervisorWatch {
  /** The session the stream was opened with; null ends the stream. */
  recheck(): Promise<Actor | null>;
  send(message: SupervisorStreamMessage): void;
  close(code: number, reason: string): void;
}

type Names = { groups: Map<string, string>; queues: Map<string, { name: string; number: string }> };

/**
 * The supervisor's console (§3 班长席, §4.7 座席监控 / 队列监控): wallboards of the agents and queues in the
 * actor's scope (supervisor-scope.ts), forced agent states and moving a waiting call to another queue,
 * and a stream that pushes both boards after each burst of CTI and ACD events. Everything outside the
 * scope answers 404.
 */
export function createSupervisorService(d: {
  db: Queryable;
  telephony: () => TelephonyRuntime | null;
  audit: AuditService;
  clock: Clock;
  log: Logger;
}) {
  const running = (): CtiRuntime => {
    const rt = d.telephony()?.cti;
    if (!rt) throw errors.notRunning();
    return rt;
  };
  /**
   * The running CTI and the actor's scope; null for a user who can supervise nobody whatever runs (not
   * an admin, no employee hence no agent): their boards are empty and every target is unknown.
   */
  async function context(actor: Actor): Promise<{ rt: CtiRuntime; scope: SupervisorScope } | null> {
    if (!actor.isAdmin && !actor.employeeId) return null;
    const rt = running();
    await rt.refresh();
    return { rt, scope: supervisorScope(rt, actor) };
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const empty = () => ({ scope: 'none' as const, now: iso(d.clock.now()), items: [] });

  async function names(): Promise<Names> {
    const [groups, queues] = await Promise.all([
      d.db.query<{ id: string; name: string }>('SELECT id::text AS id, name FROM agent_groups'),
      d.db.query<{ id: string; name: string; number: string }>('SELECT id::text AS id, name, number FROM queues'),
    ]);
    return {
      groups: new Map(groups.rows.map((g) => [g.id, g.name])),
      queues: new Map(queues.rows.map((q) => [q.id, { name: q.name, number: q.number }])),
    };
  }

  function callOf(rt: CtiRuntime, agentId: string, mask: boolean, n: Names): SupervisedAgentCall | null {
    const leg = rt.cti.legOf(agentId);
    if (!leg) return null;
    const customer = rt.sw.model.findChannel(leg.partnerId);
    const number = leg.direction === 'inbound' ? (customer?.caller ?? '') : (customer?.callee ?? '');
    return {
      callId: leg.callId,
      direction: leg.direction,
      customer: mask ? maskPhoneNumber(number) : number,
      queueId: leg.queueId,
      queueName: leg.queueId ? (n.queues.get(leg.queueId)?.name ?? rt.queueName(leg.queueId)) : null,
      state: leg.answeredAt === null ? 'ringing' : customer?.state === 'on-hold' ? 'held' : 'talking',
      since: iso(leg.answeredAt ?? leg.startedAt),
    };
  }

  function agentRow(rt: CtiRuntime, agentId: string, mask: boolean, n: Names): SupervisedAgent {
    const a = rt.acd.agent(agentId);
    const r = rt.acd.agentRecord(agentId);
    const groupId = r.groupId ?? null;
    return {
      agentId,
      number: r.number,
      name: rt.agent(agentId)?.name ?? r.name,
      type: r.type,
      groupId,
      groupName: groupId === null ? null : (n.groups.get(groupId) ?? null),
      state: a.state,
      reasonId: a.reasonId ?? null,
      since: iso(a.since),
      extension: a.state === 'signed-out' ? null : (a.extension ?? null),
      connected: a.connected,
      call: callOf(rt, agentId, mask, n),
      answered: a.answered,
      talkMs: a.talkMs,
    };
  }

  function agentRows(rt: CtiRuntime, scope: SupervisorScope, actor: Actor, n: Names): SupervisedAgent[] {
    const mask = !hasPermission(actor, 'pbx.cdr.unmasked');
    return [...scope.agentIds]
      .flatMap((id) => {
        try {
          return [agentRow(rt, id, mask, n)];
        } catch {
          return []; // removed by a reload in between
        }
      })
      .sort((x, y) => x.number.localeCompare(y.number, 'en', { numeric: true }));
  }

  function queueRows(rt: CtiRuntime, scope: SupervisorScope, actor: Actor, n: Names): SupervisedQueue[] {
    const mask = !hasPermission(actor, 'pbx.cdr.unmasked');
    const now = rt.sw.clock.now();
    const calls = rt.acd.calls();
    const rows: SupervisedQueue[] = [];
    for (const queueId of scope.queueIds) {
      let status: ReturnType<CtiRuntime['acd']['queueStatus']>;
      try {
        status = rt.acd.queueStatus(queueId);
      } catch {
        continue;
      }
      const waiting = calls
        .filter((c) => c.queueId === queueId && (c.status === 'waiting' || c.status === 'offered'))
        .sort((x, y) => Number(y.vip) - Number(x.vip) || x.enteredAt - y.enteredAt);
      const oldest = Math.min(...waiting.map((c) => c.enteredAt));
      const meta = n.queues.get(queueId);
      rows.push({
        queueId,
        name: meta?.name ?? rt.queueName(queueId) ?? queueId,
        number: meta?.number ?? '',
        waiting: status.waiting,
        longestWaitMs: waiting.length === 0 ? 0 : Math.max(0, now - oldest),
        idleAgents: status.idleAgents,
        signedInAgents: status.signedInAgents,
        calls: waiting.map((c) => ({
          callId: c.id,
          caller: mask ? maskPhoneNumber(c.caller) : c.caller,
          vip: c.vip,
          status: c.status === 'offered' ? 'offered' : 'waiting',
          enteredAt: iso(c.enteredAt),
        })),
      });
    }
    return rows.sort((x, y) => x.number.localeCompare(y.number, 'en', { numeric: true }));
  }

  return {
    async agents(actor: Actor): Promise<SupervisorAgentsBoard> {
      const c = await context(actor);
      if (!c) return empty();
      const { rt, scope } = c;
      const items = agentRows(rt, scope, actor, await names());
      return { scope: scope.kind, now: iso(rt.sw.clock.now()), items };
    },

    async queues(actor: Actor): Promise<SupervisorQueuesBoard> {
      const c = await context(actor);
      if (!c) return empty();
      const { rt, scope } = c;
      const items = queueRows(rt, scope, actor, await names());
      return { scope: scope.kind, now: iso(rt.sw.clock.now()), items };
    },

    /**
     * 强制置忙 / 强制示闲 / 强制签出 with the supervisor as the actor (minimum busy time does not apply;
     * a sign-out during a call is allowed: an offered call goes back to its queue, a connected call stays
     * on the switch). States owned by a call (ringing, talking) refuse busy/idle with ACD_AGENT_ON_CALL.
     */
    async forceState(actor: Actor, ip: string, agentId: string, body: SupervisorForceState): Promise<SupervisedAgent> {
      const c = await context(actor);
      if (!c?.scope.agentIds.has(agentId)) throw errors.agentNotFound(agentId);
      const { rt, scope } = c;
      const by = { kind: 'supervisor' as const, id: scope.supervisorAgentId ?? `user:${actor.userId}` };
      const before = rt.acd.agent(agentId).state;
      if (body.state === 'signed-out') rt.cti.signOut(agentId, by);
      else rt.cti.setState(agentId, body.state, body.reasonId, by);
      await d.audit.change(
        actor,
        ip,
        'agent.state.force',
        { type: 'agent', id: agentId },
        { from: before, to: body.state, ...(body.reasonId ? { reasonId: body.reasonId } : {}) },
      );
      return agentRow(rt, agentId, !hasPermission(actor, 'pbx.cdr.unmasked'), await names());
    },

    /** Moves a call still waiting in a supervised queue to another supervised queue (VIP status kept). */
    async moveCall(actor: Actor, ip: string, callId: string, queueId: string): Promise<void> {
      const c = await context(actor);
      if (!c) throw errors.callNotFound(callId);
      const { rt, scope } = c;
      const call = rt.acd.call(callId);
      if (!call?.queueId || !scope.queueIds.has(call.queueId)) throw errors.callNotFound(callId);
      if (!scope.queueIds.has(queueId)) throw errors.queueNotFound(queueId);
      const from = call.queueId;
      rt.acd.moveCall(callId, queueId);
      await d.audit.change(actor, ip, 'call.queue.move', { type: 'call', id: callId }, { from, to: queueId });
    },

    /**
     * Streams both boards: at once, then after each burst of CTI and ACD events (only when something
     * changed). Fails with CTI_NOT_RUNNING before it starts. Returns the function that ends it.
     */
    async watch(actor: Actor, w: SupervisorWatch): Promise<() => void> {
      const c = await context(actor);
      if (!c) {
        w.send({ type: 'boards', seq: 1, scope: 'none', now: iso(d.clock.now()), agents: [], queues: [] });
        return () => {};
      }
      const { rt } = c;
      let current = actor;
      let last = '';
      let seq = 0;
      let checkedAt = d.clock.monotonic();

      const push = async () => {
        if (d.clock.monotonic() - checkedAt > SESSION_CHECK_MS) {
          checkedAt = d.clock.monotonic();
          const still = await w.recheck();
          if (!still) {
            w.close(4401, 'session ended');
            return stop();
          }
          current = still;
          await rt.refresh();
        }
        const scope = supervisorScope(rt, current);
        const n = await names();
        if (pusher.stopped) return;
        const agents = agentRows(rt, scope, current, n);
        const queues = queueRows(rt, scope, current, n);
        // Queue rows carry a live wait that changes every millisecond: compare without it.
        const key = JSON.stringify([scope.kind, agents, queues.map((q) => ({ ...q, longestWaitMs: 0 }))]);
        if (key === last) return;
        last = key;
        w.send({ type: 'boards', seq: ++seq, scope: scope.kind, now: iso(rt.sw.clock.now()), agents, queues });
      };
      const pusher = createCoalescedPush({ clock: d.clock, delayMs: PUSH_DELAY_MS, push, log: d.log, what: 'supervisor board' });
      const offCti = rt.cti.events.on('event', pusher.schedule);
      const offAcd = rt.acd.events.on('*', pusher.schedule);
      function stop() {
        pusher.stop();
        offCti();
        offAcd();
      }
      pusher.run();
      return stop;
    },
  };
}
export type SupervisorService = ReturnType<typeof createSupervisorService>;
