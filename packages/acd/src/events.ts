import type { AgentState, StateOwner } from './agent/agent-state.ts';
import type { OverflowAction, OverflowReason } from './queue/queue.types.ts';

/**
 * Every fact the ACD produces, as plain storable data with a sequence number and a timestamp.
 * Agent-state reports, queue statistics and the simulator's figures are all projections of these.
 */
type Base = { readonly seq: number; readonly at: number };

export type AgentStateChanged = Base & {
  readonly type: 'agent.state';
  readonly agentId: string;
  readonly from: AgentState;
  readonly to: AgentState;
  readonly reasonId?: string;
  readonly owner: StateOwner;
  readonly callId?: string;
  /** Why it moved: `agent`, `supervisor`, `call`, `timeout`, `disconnect`, `repair`, … */
  readonly cause: string;
  /** Time spent in `from`. */
  readonly durationMs: number;
};

export type AgentIdleTooLong = Base & { readonly type: 'agent.idle-too-long'; readonly agentId: string; readonly idleMs: number };
export type AgentConnection = Base & {
  readonly type: 'agent.connection';
  readonly agentId: string;
  readonly connected: boolean;
};

export type CallQueued = Base & {
  readonly type: 'call.queued';
  readonly callId: string;
  readonly queueId: string;
  readonly vip: boolean;
  readonly position: number;
  readonly overflowFrom?: string;
  /** Set when a supervisor moved the call here from this queue (`moveCall`). */
  readonly movedFrom?: string;
};
export type CallOffered = Base & {
  readonly type: 'call.offered';
  readonly callId: string;
  readonly queueId: string;
  readonly agentId: string;
  readonly extension: string;
  readonly ringTimeMs: number;
};
export type CallAnswered = Base & {
  readonly type: 'call.answered';
  readonly callId: string;
  readonly queueId: string;
  readonly agentId: string;
  /** Wait in this queue, from entry to answer. */
  readonly waitMs: number;
  /** Set when the queue announces the agent number on connect. */
  readonly announceAgentNumber?: string;
};
export type CallMissed = Base & {
  readonly type: 'call.missed';
  readonly callId: string;
  readonly queueId: string;
  readonly agentId: string;
};
export type CallRejected = Base & {
  readonly type: 'call.rejected';
  readonly callId: string;
  readonly queueId: string;
  readonly agentId: string;
};
export type CallAbandoned = Base & {
  readonly type: 'call.abandoned';
  readonly callId: string;
  readonly queueId: string;
  readonly waitMs: number;
};
export type CallOverflowed = Base & {
  readonly type: 'call.overflowed';
  readonly callId: string;
  readonly queueId: string;
  readonly reason: OverflowReason;
  readonly action: OverflowAction;
  readonly waitMs: number;
};
export type CallPosition = Base & {
  readonly type: 'call.position';
  readonly callId: string;
  readonly queueId: string;
  readonly position: number;
};
export type CallEnded = Base & {
  readonly type: 'call.ended';
  readonly callId: string;
  readonly queueId?: string;
  readonly agentId?: string;
  readonly talkMs: number;
};
export type ReconcileRepair = Base & {
  readonly type: 'reconcile.repair';
  readonly kind: string;
  readonly agentId?: string;
  readonly callId?: string;
  readonly detail: string;
};

export type AcdEvent =
  | AgentStateChanged
  | AgentIdleTooLong
  | AgentConnection
  | CallQueued
  | CallOffered
  | CallAnswered
  | CallMissed
  | CallRejected
  | CallAbandoned
  | CallOverflowed
  | CallPosition
  | CallEnded
  | ReconcileRepair;

export type AcdEventType = AcdEvent['type'];

/** Event map for `TypedEmitter`: each type on its own channel, and all of them on `*`. */
export type AcdEventMap = { [K in AcdEventType]: [Extract<AcdEvent, { type: K }>] } & { '*': [AcdEvent] };

/** Distributes `Omit<…, 'seq' | 'at'>` over the union, for building events before stamping them. */
export type AcdEventInput = AcdEvent extends infer E ? (E extends AcdEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** Persistence port: the server appends events to its log; tests and the simulator may ignore it. */
export interface AcdEventSink {
  append(event: AcdEvent): void;
}
