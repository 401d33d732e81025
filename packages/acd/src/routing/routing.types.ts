import { BoundedMap } from '../bounded-map.ts';
import type { DistributionStrategy, PreferenceRule } from '../queue/queue.types.ts';

/** What routing needs to know about an idle agent for one queue. Plain data, built per decision. */
export interface RoutingAgent {
  readonly id: string;
  readonly number: string;
  readonly regions: readonly string[];
  /** Skill level in the queue being served (0–9). */
  readonly skill: number;
  readonly idleSince: number;
  readonly signedInAt: number;
  readonly answered: number;
  readonly talkMs: number;
}

/** What routing needs to know about a call. */
export interface RoutingCall {
  readonly id: string;
  readonly queueId: string;
  readonly vip: boolean;
  /** The caller's area (号码归属地), resolved by CTI from the number. */
  readonly callerArea?: string;
  /** The customer's own agent (专属座席), from the CRM. */
  readonly dedicatedAgentId?: string;
  /** The agent who last served this caller. */
  readonly lastAgentId?: string;
}

/** Injected randomness (seeded in tests and the simulator). Returns a float in [0, 1). */
export interface Rng {
  next(): number;
}

/** One narrowing step of the pipeline. Lists are capped (`TRACE_ID_CAP`) with the true count kept. */
export interface TraceStep {
  readonly step: PreferenceRule | DistributionStrategy | 'eligible';
  readonly count: number;
  readonly kept: readonly string[];
  readonly note: string;
}

/** The answer to "why did this agent get this call?". */
export interface RoutingTrace {
  readonly callId: string;
  readonly queueId: string;
  readonly at: number;
  /** `call-arrived`: a call looked for an idle agent; `agent-available`: a freed agent picked a waiting call. */
  readonly trigger: 'call-arrived' | 'agent-available' | 'requeued';
  readonly strategy: DistributionStrategy;
  readonly steps: readonly TraceStep[];
  readonly winner?: string;
  readonly reason: string;
}

export const TRACE_ID_CAP = 50;

/** Port that keeps traces so they can be queried per call. */
export interface TraceStore {
  record(trace: RoutingTrace): void;
  forCall(callId: string): readonly RoutingTrace[];
}

/** In-memory trace store bounded to about the most recent `maxCalls` calls (oldest dropped first). */
export function createMemoryTraceStore(maxCalls = 10_000): TraceStore {
  const byCall = new BoundedMap<string, RoutingTrace[]>(maxCalls);
  return {
    record(trace) {
      const list = byCall.get(trace.callId);
      if (list) list.push(trace);
      else byCall.set(trace.callId, [trace]);
    },
    forCall: (callId) => byCall.get(callId) ?? [],
  };
}

export const nullTraceStore: TraceStore = { record() {}, forCall: () => [] };
