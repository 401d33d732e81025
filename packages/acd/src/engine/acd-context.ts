import type { Clock, Logger } from '@rexian/kernel';
import type { AgentRegistry } from '../agent/agent-registry.ts';
import type { AgentRuntime } from '../agent/agent-runtime.ts';
import type { BoundedMap } from '../bounded-map.ts';
import type { AcdEventInput } from '../events.ts';
import type { QueueConfig } from '../queue/queue.types.ts';
import type { WaitingList } from '../queue/waiting-list.ts';
import type { Rng, TraceStore } from '../routing/routing.types.ts';
import type { StrategyState } from '../routing/strategies.ts';
import type { CallRuntime } from './call-runtime.ts';

export interface QueueRuntime {
  config: QueueConfig;
  readonly waiting: WaitingList<CallRuntime>;
  readonly strategyState: StrategyState;
}

/**
 * The engine's shared state, handed to the feature modules (agent commands, call flow, dispatch).
 * Work that routing must do after a change (an agent became free, a call needs an agent) is queued
 * in `pending*` and drained once the outermost command finishes, so no module re-enters another.
 */
export interface AcdContext {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly rng: Rng;
  readonly traces: TraceStore;
  readonly registry: AgentRegistry;
  readonly queues: Map<string, QueueRuntime>;
  readonly calls: Map<string, CallRuntime>;
  readonly busyReasons: Set<string>;
  /** Caller number → agent who last served them (bounded, oldest dropped). */
  readonly lastAgent: BoundedMap<string, string>;
  readonly maxOverflowHops: number;
  readonly pendingAgents: Set<AgentRuntime>;
  readonly pendingCalls: Set<CallRuntime>;
  emit(event: AcdEventInput): void;
  /** Runs `fn` as a top-level command: routing work it queues is drained when it returns. */
  run<T>(fn: () => T): T;
}

export function rememberLastAgent(ctx: AcdContext, caller: string, agentId: string): void {
  if (caller) ctx.lastAgent.set(caller, agentId);
}
