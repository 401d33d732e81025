import type { CallEvent } from '../call/call-events.ts';
import type { CallType, ChannelDirection, HangupSide, LegRole } from '../call/call-types.ts';
import type { HangupCause } from './hangup-cause.ts';

export interface CdrLeg {
  channelId: string;
  role: LegRole;
  direction: ChannelDirection;
  caller: string;
  callee: string;
  trunkId?: string;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  cause?: HangupCause;
  hungUpBy?: HangupSide;
}

/** Which party ended the call: the caller, the callee (any leg but the caller's), or the switch itself. */
export type CdrHangupParty = 'caller' | 'callee' | 'system';

/**
 * One record per call (all legs sharing a callId). `open` is true until every leg has hung up. Durations
 * are whole milliseconds; ring time runs from start to answer (or to the end when never answered), talk
 * time from answer to end.
 */
export interface Cdr {
  callId: string;
  callType: CallType;
  caller: string;
  callee: string;
  accessNumber?: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  ringMs?: number;
  talkMs?: number;
  cause?: HangupCause;
  hungUpBy?: CdrHangupParty;
  recordingFile?: string;
  legs: CdrLeg[];
  open: boolean;
  /** Sequence number of the last event folded in; a replay skips events at or below it. */
  lastSeq: number;
}

/**
 * Folds one call event into the call's CDR (pure; the input is not modified). Returns the same object
 * when the event changes nothing, so a writer can skip the write. The first `channel.created` of a call
 * opens the CDR; answer is the first leg answered (for an IVR that is the switch answering the caller);
 * the first hang-up decides the cause and the party; the end is when the last leg hangs up.
 */
export function reduceCdr(cdr: Cdr | undefined, event: CallEvent): Cdr | undefined {
  if (cdr !== undefined && event.seq <= cdr.lastSeq) return cdr;
  if (event.type === 'channel.created') return withLeg(cdr, event);
  if (cdr === undefined) return undefined;
  switch (event.type) {
    case 'channel.answered':
      return answerLeg(cdr, event.channelId, event.at, event.seq);
    case 'channel.hungup':
      return hangupLeg(cdr, event.channelId, event.cause, event.by, event.at, event.seq);
    case 'recording.started':
      return cdr.recordingFile === undefined ? { ...cdr, recordingFile: event.file, lastSeq: event.seq } : cdr;
    default:
      return cdr;
  }
}

function withLeg(cdr: Cdr | undefined, event: Extract<CallEvent, { type: 'channel.created' }>): Cdr {
  const ch = event.channel;
  const leg: CdrLeg = {
    channelId: ch.id,
    role: ch.role,
    direction: ch.direction,
    caller: ch.caller,
    callee: ch.callee,
    createdAt: event.at,
    ...(ch.trunkId === undefined ? {} : { trunkId: ch.trunkId }),
  };
  if (cdr !== undefined) return { ...cdr, legs: [...cdr.legs, leg], open: true, lastSeq: event.seq };
  return {
    callId: event.callId,
    callType: ch.callType ?? (ch.direction === 'inbound' ? 'inbound' : 'manual-outbound'),
    caller: ch.cdrParties?.caller ?? ch.caller,
    callee: ch.cdrParties?.callee ?? ch.callee,
    ...(ch.accessNumber === undefined ? {} : { accessNumber: ch.accessNumber }),
    startedAt: event.at,
    legs: [leg],
    open: true,
    lastSeq: event.seq,
  };
}

function answerLeg(cdr: Cdr, channelId: string, at: number, seq: number): Cdr {
  const legs = cdr.legs.map((l) => (l.channelId === channelId && l.answeredAt === undefined ? { ...l, answeredAt: at } : l));
  return { ...cdr, legs, answeredAt: cdr.answeredAt ?? at, lastSeq: seq };
}

function hangupLeg(cdr: Cdr, channelId: string, cause: HangupCause, by: HangupSide, at: number, seq: number): Cdr {
  const legs = cdr.legs.map((l) =>
    l.channelId === channelId && l.endedAt === undefined ? { ...l, endedAt: at, cause, hungUpBy: by } : l,
  );
  const leg = legs.find((l) => l.channelId === channelId);
  const next: Cdr = { ...cdr, legs, lastSeq: seq };
  if (cdr.cause === undefined && leg !== undefined) {
    next.cause = cause;
    next.hungUpBy = by === 'remote' ? (leg.role === 'caller' ? 'caller' : 'callee') : 'system';
  }
  return legs.every((l) => l.endedAt !== undefined) ? closeCdr(next, at) : next;
}

function closeCdr(cdr: Cdr, endedAt: number): Cdr {
  const answeredAt = cdr.answeredAt;
  return {
    ...cdr,
    open: false,
    endedAt,
    ringMs: (answeredAt ?? endedAt) - cdr.startedAt,
    talkMs: answeredAt === undefined ? 0 : endedAt - answeredAt,
  };
}

/** Builds every call's CDR from an event log (a projection: it can always be rebuilt). */
export function cdrsFromEvents(events: Iterable<CallEvent>): Cdr[] {
  const byCall = new Map<string, Cdr>();
  for (const e of events) {
    const next = reduceCdr(byCall.get(e.callId), e);
    if (next !== undefined) byCall.set(e.callId, next);
  }
  return [...byCall.values()];
}

/**
 * Closes CDRs a crash left open: every leg still up ends at `now` with cause `system-restart`, and so does
 * the call. Run once at start-up, before new calls are accepted.
 */
export function closeCrashedCdrs(open: readonly Cdr[], now: number): Cdr[] {
  return open
    .filter((c) => c.open)
    .map((c) => {
      const legs = c.legs.map((l) =>
        l.endedAt === undefined ? { ...l, endedAt: now, cause: 'system-restart' as const, hungUpBy: 'system' as const } : l,
      );
      const marked: Cdr = c.cause === undefined ? { ...c, legs, cause: 'system-restart', hungUpBy: 'system' } : { ...c, legs };
      return closeCdr(marked, Math.max(now, c.startedAt));
    });
}
