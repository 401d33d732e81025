import type { TimerHandle } from '@rexian/kernel';
import type { AgentRecord } from './agent.types.ts';
import type { AgentState, ResumeState, StateOwner } from './agent-state.ts';

/** Live state of one agent. Mutable, owned by the registry; callers get `AgentSnapshot` copies. */
export interface AgentRuntime {
  record: AgentRecord;
  state: AgentState;
  reasonId: string | undefined;
  owner: StateOwner;
  since: number;
  /** When the current state times out (undefined only for idle and signed-out). */
  deadline: number | undefined;
  callId: string | undefined;
  resume: ResumeState;
  /** Signed in with an extension takes calls; without one the agent only monitors. */
  extension: string | undefined;
  connected: boolean;
  disconnectedAt: number | undefined;
  signedInAt: number;
  idleSince: number;
  answered: number;
  talkMs: number;
  missed: number;
  /** Not offered calls before this time (the reject-then-accept interval). */
  offerableAt: number;
  timer: TimerHandle | undefined;
  reminderTimer: TimerHandle | undefined;
  retentionTimer: TimerHandle | undefined;
  offerableTimer: TimerHandle | undefined;
  /** Index bookkeeping. */
  inIdleIndex: boolean;
  inSignedInIndex: boolean;
}

/** A read-only copy for APIs, wallboards and persistence. */
export interface AgentSnapshot {
  readonly id: string;
  readonly number: string;
  readonly state: AgentState;
  readonly reasonId?: string;
  readonly owner: StateOwner;
  readonly since: number;
  readonly deadline?: number;
  readonly callId?: string;
  readonly extension?: string;
  readonly connected: boolean;
  readonly signedInAt: number;
  readonly idleSince: number;
  readonly answered: number;
  readonly talkMs: number;
  readonly missed: number;
  readonly offerableAt: number;
}

export function newRuntime(record: AgentRecord, now: number): AgentRuntime {
  return {
    record,
    state: 'signed-out',
    reasonId: undefined,
    owner: { kind: 'none' },
    since: now,
    deadline: undefined,
    callId: undefined,
    resume: 'idle',
    extension: undefined,
    connected: false,
    disconnectedAt: undefined,
    signedInAt: 0,
    idleSince: now,
    answered: 0,
    talkMs: 0,
    missed: 0,
    offerableAt: 0,
    timer: undefined,
    reminderTimer: undefined,
    retentionTimer: undefined,
    offerableTimer: undefined,
    inIdleIndex: false,
    inSignedInIndex: false,
  };
}

export function snapshot(a: AgentRuntime): AgentSnapshot {
  return {
    id: a.record.id,
    number: a.record.number,
    state: a.state,
    ...(a.reasonId === undefined ? {} : { reasonId: a.reasonId }),
    owner: a.owner,
    since: a.since,
    ...(a.deadline === undefined ? {} : { deadline: a.deadline }),
    ...(a.callId === undefined ? {} : { callId: a.callId }),
    ...(a.extension === undefined ? {} : { extension: a.extension }),
    connected: a.connected,
    signedInAt: a.signedInAt,
    idleSince: a.idleSince,
    answered: a.answered,
    talkMs: a.talkMs,
    missed: a.missed,
    offerableAt: a.offerableAt,
  };
}
