import type { TimerHandle } from '@rexian/kernel';

/** A call the ACD is handling: waiting in a queue, offered to an agent, connected, or outbound. */
export interface CallRuntime {
  readonly id: string;
  readonly caller: string;
  readonly callerArea: string | undefined;
  readonly dedicatedAgentId: string | undefined;
  lastAgentId: string | undefined;
  vip: boolean;
  queueId: string | undefined;
  /** Entry into the current queue; waits and service levels are measured from here. */
  enteredAt: number;
  status: 'waiting' | 'offered' | 'connected' | 'outbound' | 'done';
  agentId: string | undefined;
  /** Agents who rejected or missed this call; tried last. */
  tried: Set<string> | undefined;
  /** Queue-to-queue overflow hops, capped to stop loops. */
  hops: number;
  connectedAt: number | undefined;
  maxWaitTimer: TimerHandle | undefined;
  noAgentTimer: TimerHandle | undefined;
  positionTimer: TimerHandle | undefined;
}

/** Plain copy for APIs and the reconciler. */
export interface CallSnapshot {
  readonly id: string;
  readonly caller: string;
  readonly queueId?: string;
  readonly status: CallRuntime['status'];
  readonly agentId?: string;
  readonly vip: boolean;
  readonly enteredAt: number;
}

export function callSnapshot(c: CallRuntime): CallSnapshot {
  return {
    id: c.id,
    caller: c.caller,
    ...(c.queueId === undefined ? {} : { queueId: c.queueId }),
    status: c.status,
    ...(c.agentId === undefined ? {} : { agentId: c.agentId }),
    vip: c.vip,
    enteredAt: c.enteredAt,
  };
}
