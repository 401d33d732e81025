import type { AgentState } from '../agent/agent-state.ts';
import { isWorkState } from '../agent/agent-state.ts';
import type { AcdEvent } from '../events.ts';

export interface QueueFigures {
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  overflowed: number;
  /** answered within T ÷ offered */
  serviceLevel: number;
  /** abandoned ÷ offered */
  abandonRate: number;
  /** mean wait of answered calls, seconds */
  asaSeconds: number;
  /** mean wait before abandoning, seconds */
  averageAbandonWaitSeconds: number;
  maxWaitSeconds: number;
  averageTalkSeconds: number;
}

export interface AgentFigures {
  answered: number;
  talkSeconds: number;
  wrapUpSeconds: number;
  signedInSeconds: number;
  /** (reserved + ringing + talking + wrap-up) ÷ signed-in time */
  occupancy: number;
}

type QueueAcc = {
  offered: number;
  answered: number;
  within: number;
  abandoned: number;
  overflowed: number;
  waitSum: number;
  abandonWaitSum: number;
  maxWait: number;
  talkSum: number;
  talkCount: number;
};

type AgentAcc = { answered: number; byState: Map<AgentState, number> };

/**
 * Builds the simulator's figures from the ACD's own events, the way the reports will. Calls are counted
 * when they enter a queue inside the measured window; agent time is clipped to the window.
 */
export class SimStats {
  private readonly queues = new Map<string, QueueAcc>();
  private readonly agents = new Map<string, AgentAcc>();
  /** Call id → queue entry time, for calls entered inside the window. */
  private readonly counted = new Map<string, number>();
  /** Totals count each call once, from its first queue entry; moving to another queue is not an outcome. */
  private readonly total = emptyAcc();
  private readonly firstEntry = new Map<string, number>();
  private readonly thresholdMs: number;
  private readonly windowStart: number;
  private readonly windowEnd: number;

  constructor(opts: { thresholdMs: number; windowStart: number; windowEnd: number }) {
    this.thresholdMs = opts.thresholdMs;
    this.windowStart = opts.windowStart;
    this.windowEnd = opts.windowEnd;
  }

  private queue(id: string): QueueAcc {
    let q = this.queues.get(id);
    if (!q) {
      q = emptyAcc();
      this.queues.set(id, q);
    }
    return q;
  }

  private agent(id: string): AgentAcc {
    let a = this.agents.get(id);
    if (!a) {
      a = { answered: 0, byState: new Map() };
      this.agents.set(id, a);
    }
    return a;
  }

  /** Time in `state` over [start, end], clipped to the window. */
  addStateTime(agentId: string, state: AgentState, start: number, end: number): void {
    const ms = Math.min(end, this.windowEnd) - Math.max(start, this.windowStart);
    if (ms <= 0) return;
    const a = this.agent(agentId);
    a.byState.set(state, (a.byState.get(state) ?? 0) + ms);
  }

  on(e: AcdEvent): void {
    switch (e.type) {
      case 'agent.state':
        this.addStateTime(e.agentId, e.from, e.at - e.durationMs, e.at);
        return;
      case 'call.queued':
        // A call that overflowed or was moved here by a supervisor was already offered once.
        if (e.overflowFrom === undefined && e.movedFrom === undefined && e.at >= this.windowStart && e.at < this.windowEnd) {
          this.firstEntry.set(e.callId, e.at);
          this.total.offered++;
        }
        if (e.at >= this.windowStart && e.at < this.windowEnd) {
          this.counted.set(e.callId, e.at);
          this.queue(e.queueId).offered++;
        } else this.counted.delete(e.callId);
        return;
      case 'call.answered': {
        this.totalOutcome(e.callId, e.at, 'answered');
        if (!this.counted.has(e.callId)) return;
        const q = this.queue(e.queueId);
        q.answered++;
        q.waitSum += e.waitMs;
        if (e.waitMs <= this.thresholdMs) q.within++;
        if (e.waitMs > q.maxWait) q.maxWait = e.waitMs;
        this.agent(e.agentId).answered++;
        return;
      }
      case 'call.abandoned':
      case 'call.overflowed': {
        if (e.type === 'call.abandoned') this.totalOutcome(e.callId, e.at, 'abandoned');
        else if (e.action.kind !== 'queue') this.totalOutcome(e.callId, e.at, 'overflowed');
        if (!this.counted.has(e.callId)) return;
        const q = this.queue(e.queueId);
        if (e.type === 'call.abandoned') {
          q.abandoned++;
          q.abandonWaitSum += e.waitMs;
        } else q.overflowed++;
        if (e.waitMs > q.maxWait) q.maxWait = e.waitMs;
        this.counted.delete(e.callId);
        return;
      }
      case 'call.ended': {
        if (this.firstEntry.delete(e.callId)) {
          this.total.talkSum += e.talkMs;
          this.total.talkCount++;
        }
        if (e.queueId === undefined || !this.counted.has(e.callId)) return;
        const q = this.queue(e.queueId);
        q.talkSum += e.talkMs;
        q.talkCount++;
        this.counted.delete(e.callId);
        return;
      }
      default:
        return;
    }
  }

  private totalOutcome(callId: string, at: number, outcome: 'answered' | 'abandoned' | 'overflowed'): void {
    const first = this.firstEntry.get(callId);
    if (first === undefined) return;
    const t = this.total;
    const wait = at - first;
    if (wait > t.maxWait) t.maxWait = wait;
    if (outcome === 'answered') {
      t.answered++;
      t.waitSum += wait;
      if (wait <= this.thresholdMs) t.within++;
      return;
    }
    this.firstEntry.delete(callId);
    if (outcome === 'abandoned') {
      t.abandoned++;
      t.abandonWaitSum += wait;
    } else t.overflowed++;
  }

  queueFigures(id: string): QueueFigures {
    return figures(this.queues.get(id) ?? this.queue(id));
  }

  totals(): QueueFigures {
    return figures(this.total);
  }

  agentFigures(id: string): AgentFigures {
    const a = this.agents.get(id) ?? this.agent(id);
    let signedIn = 0;
    let work = 0;
    for (const [state, ms] of a.byState) {
      if (state !== 'signed-out') signedIn += ms;
      if (isWorkState(state)) work += ms;
    }
    return {
      answered: a.answered,
      talkSeconds: round((a.byState.get('talking') ?? 0) / 1000, 3),
      wrapUpSeconds: round((a.byState.get('wrap-up') ?? 0) / 1000, 3),
      signedInSeconds: round(signedIn / 1000, 3),
      occupancy: signedIn > 0 ? round(work / signedIn, 6) : 0,
    };
  }
}

function emptyAcc(): QueueAcc {
  return {
    offered: 0,
    answered: 0,
    within: 0,
    abandoned: 0,
    overflowed: 0,
    waitSum: 0,
    abandonWaitSum: 0,
    maxWait: 0,
    talkSum: 0,
    talkCount: 0,
  };
}

function figures(q: QueueAcc): QueueFigures {
  const div = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    offered: q.offered,
    answered: q.answered,
    answeredWithinThreshold: q.within,
    abandoned: q.abandoned,
    overflowed: q.overflowed,
    serviceLevel: round(div(q.within, q.offered), 6),
    abandonRate: round(div(q.abandoned, q.offered), 6),
    asaSeconds: round(div(q.waitSum, q.answered) / 1000, 3),
    averageAbandonWaitSeconds: round(div(q.abandonWaitSum, q.abandoned) / 1000, 3),
    maxWaitSeconds: round(q.maxWait / 1000, 3),
    averageTalkSeconds: round(div(q.talkSum, q.talkCount) / 1000, 3),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
