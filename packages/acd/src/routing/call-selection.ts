import type { DistributionStrategy } from '../queue/queue.types.ts';
import type { RoutingTrace, TraceStep } from './routing.types.ts';

/** The head call of one of the freed agent's queues. */
export interface QueueHead {
  readonly queueId: string;
  readonly callId: string;
  readonly vip: boolean;
  readonly enteredAt: number;
  readonly queuePriority: number;
  /** The agent's skill level in this queue. */
  readonly skill: number;
  readonly strategy: DistributionStrategy;
}

/**
 * The documented priority by which an agent who serves several queues is offered calls when it
 * becomes free. Each key is compared only when all earlier keys tie:
 *   1. VIP callers first;
 *   2. higher queue priority (`QueueConfig.priority`);
 *   3. the queue where the agent's skill level is higher;
 *   4. the caller who has waited longer (earlier entry);
 *   5. queue id, lexicographically (a total order, so the choice is deterministic).
 */
export const CALL_SELECTION_ORDER = ['vip', 'queue-priority', 'agent-skill', 'longest-wait', 'queue-id'] as const;

export function compareHeads(a: QueueHead, b: QueueHead): number {
  if (a.vip !== b.vip) return a.vip ? -1 : 1;
  if (a.queuePriority !== b.queuePriority) return b.queuePriority - a.queuePriority;
  if (a.skill !== b.skill) return b.skill - a.skill;
  if (a.enteredAt !== b.enteredAt) return a.enteredAt - b.enteredAt;
  return a.queueId < b.queueId ? -1 : a.queueId > b.queueId ? 1 : 0;
}

export function selectCallForAgent(
  agentId: string,
  heads: readonly QueueHead[],
  now: number,
): { head: QueueHead; trace: RoutingTrace } | undefined {
  if (heads.length === 0) return undefined;
  let best = heads[0] as QueueHead;
  for (let i = 1; i < heads.length; i++) {
    const h = heads[i] as QueueHead;
    if (compareHeads(h, best) < 0) best = h;
  }
  const steps: TraceStep[] = [
    {
      step: 'eligible',
      count: 1,
      kept: [agentId],
      note: `agent ${agentId} became available; head calls of ${heads.length} queue(s): ${heads
        .map((h) => `${h.queueId}:${h.callId}${h.vip ? '(VIP)' : ''}`)
        .join(', ')}`,
    },
  ];
  const reason =
    heads.length === 1
      ? `only waiting call for agent ${agentId}; taken by ${agentId}`
      : `agent ${agentId} serves ${heads.length} queues; chosen by ${CALL_SELECTION_ORDER.join(' > ')}`;
  return {
    head: best,
    trace: {
      callId: best.callId,
      queueId: best.queueId,
      at: now,
      trigger: 'agent-available',
      strategy: best.strategy,
      steps,
      winner: agentId,
      reason,
    },
  };
}
