import type { QueueConfig } from '../queue/queue.types.ts';
import { applyRule } from './preference-rules.ts';
import {
  type Rng,
  type RoutingAgent,
  type RoutingCall,
  type RoutingTrace,
  TRACE_ID_CAP,
  type TraceStep,
} from './routing.types.ts';
import { applyStrategy, type StrategyState } from './strategies.ts';

export interface RouteDecision {
  readonly winner?: RoutingAgent;
  readonly trace: RoutingTrace;
}

const ids = (list: readonly RoutingAgent[]): string[] => list.slice(0, TRACE_ID_CAP).map((a) => a.id);

/**
 * The declarative pipeline for one call: eligible idle agents → each preference rule of the queue in
 * its configured order → the queue's single distribution strategy. Every step is written to the trace.
 */
export function routeCall(
  call: RoutingCall,
  eligible: readonly RoutingAgent[],
  queue: Pick<QueueConfig, 'strategy' | 'preferenceRules'>,
  ctx: { rng: Rng; state: StrategyState; now: number; trigger: RoutingTrace['trigger'] },
): RouteDecision {
  const steps: TraceStep[] = [
    { step: 'eligible', count: eligible.length, kept: ids(eligible), note: 'idle, reachable members of the queue' },
  ];
  const base = { callId: call.id, queueId: call.queueId, at: ctx.now, trigger: ctx.trigger, strategy: queue.strategy };
  if (eligible.length === 0) return { trace: { ...base, steps, reason: 'no eligible agent; call waits' } };
  let pool = eligible;
  for (const rule of queue.preferenceRules) {
    const out = applyRule(rule, call, pool);
    // A skipped rule keeps the same candidates: share the previous step's id list instead of rebuilding it.
    const kept = out.kept === pool ? (steps[steps.length - 1] as TraceStep).kept : ids(out.kept);
    pool = out.kept;
    steps.push({ step: rule, count: pool.length, kept, note: out.note });
  }
  const pick = applyStrategy(queue.strategy, pool, ctx.rng, ctx.state, ctx.now);
  steps.push({ step: queue.strategy, count: 1, kept: [pick.winner.id], note: pick.reason });
  const narrowedBy = steps
    .slice(1, -1)
    .filter((s, i) => s.count < (steps[i]?.count ?? 0))
    .map((s) => s.step);
  const reason =
    narrowedBy.length > 0
      ? `${narrowedBy.join(' → ')} narrowed ${eligible.length} to ${pool.length}; ${queue.strategy}: ${pick.reason}`
      : `${queue.strategy}: ${pick.reason} among ${pool.length}`;
  return { winner: pick.winner, trace: { ...base, steps, winner: pick.winner.id, reason } };
}
