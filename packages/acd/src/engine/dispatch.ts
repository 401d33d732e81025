import type { AgentRuntime } from '../agent/agent-runtime.ts';
import { type QueueHead, selectCallForAgent } from '../routing/call-selection.ts';
import type { RoutingAgent } from '../routing/routing.types.ts';
import { routeCall } from '../routing/routing-pipeline.ts';
import type { AcdContext, QueueRuntime } from './acd-context.ts';
import type { CallRuntime } from './call-runtime.ts';

/** Hands `call` to `a`: the agent is reserved (owned by the call) and CTI is told to ring its extension. */
export function offer(ctx: AcdContext, call: CallRuntime, q: QueueRuntime, a: AgentRuntime): void {
  q.waiting.remove(call);
  call.status = 'offered';
  call.agentId = a.record.id;
  ctx.registry.move(a, 'reserved', { cause: 'call', callId: call.id });
  ctx.emit({
    type: 'call.offered',
    callId: call.id,
    queueId: q.config.id,
    agentId: a.record.id,
    extension: a.extension ?? '',
    ringTimeMs: q.config.ringTimeMs,
  });
}

/** A waiting call looks for an idle agent through its queue's pipeline. */
export function tryRouteCall(ctx: AcdContext, call: CallRuntime, trigger: 'call-arrived' | 'requeued'): void {
  if (call.status !== 'waiting' || call.queueId === undefined) return;
  const q = ctx.queues.get(call.queueId);
  if (!q) return;
  const now = ctx.clock.now();
  const fresh: RoutingAgent[] = [];
  const retried: RoutingAgent[] = [];
  for (const v of ctx.registry.idleMembers(q.config.id)) {
    if (v.offerableAt > now) continue;
    (call.tried?.has(v.id) ? retried : fresh).push(v);
  }
  // Agents who already rejected or missed this call are offered it again only when nobody else is free.
  const eligible = fresh.length > 0 ? fresh : retried;
  const decision = routeCall(
    {
      id: call.id,
      queueId: q.config.id,
      vip: call.vip,
      ...(call.callerArea === undefined ? {} : { callerArea: call.callerArea }),
      ...(call.dedicatedAgentId === undefined ? {} : { dedicatedAgentId: call.dedicatedAgentId }),
      ...(call.lastAgentId === undefined ? {} : { lastAgentId: call.lastAgentId }),
    },
    eligible,
    q.config,
    { rng: ctx.rng, state: q.strategyState, now, trigger },
  );
  ctx.traces.record(decision.trace);
  if (decision.winner) offer(ctx, call, q, ctx.registry.get(decision.winner.id));
}

/** A freed agent takes the best head call among its queues (documented order in call-selection.ts). */
export function tryServeAgent(ctx: AcdContext, a: AgentRuntime): void {
  const now = ctx.clock.now();
  if (!ctx.registry.isReachableIdle(a, now)) return;
  const heads: QueueHead[] = [];
  for (const queueId in a.record.skills) {
    const q = ctx.queues.get(queueId);
    const head = q?.waiting.head();
    if (!q || !head) continue;
    heads.push({
      queueId,
      callId: head.id,
      vip: head.vip,
      enteredAt: head.enteredAt,
      queuePriority: q.config.priority,
      skill: a.record.skills[queueId] ?? 0,
      strategy: q.config.strategy,
    });
  }
  const picked = selectCallForAgent(a.record.id, heads, now);
  if (!picked) return;
  ctx.traces.record(picked.trace);
  const q = ctx.queues.get(picked.head.queueId) as QueueRuntime;
  offer(ctx, ctx.calls.get(picked.head.callId) as CallRuntime, q, a);
}

/** Runs queued routing work until none is left: calls first (they may prefer other agents), then agents. */
export function drain(ctx: AcdContext): void {
  for (;;) {
    const call = first(ctx.pendingCalls);
    if (call) {
      ctx.pendingCalls.delete(call);
      tryRouteCall(ctx, call, call.tried ? 'requeued' : 'call-arrived');
      continue;
    }
    const agent = first(ctx.pendingAgents);
    if (!agent) return;
    ctx.pendingAgents.delete(agent);
    tryServeAgent(ctx, agent);
  }
}

function first<T>(s: Set<T>): T | undefined {
  const it = s.values().next();
  return it.done ? undefined : it.value;
}
