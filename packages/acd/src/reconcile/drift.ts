import type { AgentSnapshot } from '../agent/agent-runtime.ts';
import type { CallSnapshot } from '../engine/call-runtime.ts';

/** What the switch reports for one live call (the CTI adapter builds it from channels and bridges). */
export interface LiveChannel {
  readonly callId: string;
  /** `queued`: the caller is in the queue application; `ringing`: an agent leg rings; `talking`: bridged. */
  readonly phase: 'queued' | 'ringing' | 'talking';
  readonly agentId?: string;
  readonly queueId?: string;
  readonly caller?: string;
}

/** Port through which the switch reports its live channels. */
export interface LiveChannelsPort {
  liveChannels(): Promise<readonly LiveChannel[]>;
}

export type Drift =
  | { readonly kind: 'agent-call-gone'; readonly agentId: string; readonly callId: string; readonly state: string }
  | { readonly kind: 'agent-call-unknown'; readonly agentId: string; readonly callId?: string; readonly state: string }
  | { readonly kind: 'queued-call-gone'; readonly callId: string }
  | { readonly kind: 'answer-missed'; readonly agentId: string; readonly callId: string }
  | { readonly kind: 'untracked-talk'; readonly agentId: string; readonly callId: string }
  | { readonly kind: 'unknown-queued-call'; readonly callId: string; readonly queueId: string; readonly caller: string }
  | { readonly kind: 'state-overdue'; readonly agentId: string; readonly state: string; readonly overdueMs: number };

/**
 * Compares the ACD's view with the switch's and lists every disagreement. Entries younger than
 * `graceMs` are left alone: the switch snapshot and the ACD's events may simply not have crossed yet.
 */
export function findDrift(
  agents: readonly AgentSnapshot[],
  calls: readonly CallSnapshot[],
  live: readonly LiveChannel[],
  now: number,
  graceMs: number,
): Drift[] {
  const liveById = new Map(live.map((c) => [c.callId, c]));
  const callById = new Map(calls.map((c) => [c.id, c]));
  const out: Drift[] = [];
  for (const a of agents) {
    const settled = now - a.since >= graceMs;
    if (a.deadline !== undefined && now - a.deadline >= graceMs) {
      out.push({ kind: 'state-overdue', agentId: a.id, state: a.state, overdueMs: now - a.deadline });
      continue;
    }
    if (!settled) continue;
    const onCall = a.state === 'reserved' || a.state === 'ringing' || a.state === 'talking';
    if (onCall && (a.callId === undefined || !callById.has(a.callId))) {
      out.push({
        kind: 'agent-call-unknown',
        agentId: a.id,
        ...(a.callId === undefined ? {} : { callId: a.callId }),
        state: a.state,
      });
    } else if (onCall && a.callId !== undefined && !liveById.has(a.callId)) {
      out.push({ kind: 'agent-call-gone', agentId: a.id, callId: a.callId, state: a.state });
    }
  }
  for (const c of calls) {
    if (now - c.enteredAt < graceMs) continue;
    const l = liveById.get(c.id);
    if (!l && (c.status === 'waiting' || c.status === 'offered')) out.push({ kind: 'queued-call-gone', callId: c.id });
    if (l?.phase === 'talking' && c.status === 'offered' && l.agentId !== undefined && l.agentId === c.agentId) {
      out.push({ kind: 'answer-missed', agentId: l.agentId, callId: c.id });
    }
  }
  const agentById = new Map(agents.map((a) => [a.id, a]));
  for (const l of live) {
    if (callById.has(l.callId)) continue;
    if (l.phase === 'talking' && l.agentId !== undefined) {
      const a = agentById.get(l.agentId);
      if (a && a.callId !== l.callId && now - a.since >= graceMs)
        out.push({ kind: 'untracked-talk', agentId: l.agentId, callId: l.callId });
    } else if (l.phase === 'queued' && l.queueId !== undefined) {
      out.push({ kind: 'unknown-queued-call', callId: l.callId, queueId: l.queueId, caller: l.caller ?? '' });
    }
  }
  return out;
}
