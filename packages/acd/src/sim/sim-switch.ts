import { isAppError, type TimerHandle, type VirtualClock } from '@rexian/kernel';
import type { AcdEngine } from '../engine/acd-engine.ts';
import { AcdErrorCode } from '../errors.ts';
import type { AcdEvent } from '../events.ts';
import type { Rng } from '../routing/routing.types.ts';
import type { ArrivalRecord } from './arrivals-csv.ts';
import { sampler } from './rng.ts';
import type { RateStep, Scenario, ScenarioQueue } from './scenario.ts';

type Pending = { handleMs: number; patience: TimerHandle | undefined; answered: boolean };

export type ArrivalExtra = {
  caller?: string;
  callerArea?: string;
  dedicatedAgentId?: string;
  handleMs?: number;
  patienceMs?: number;
};

/**
 * Plays the switch, the callers and the agents' phones around the real engine: callers arrive and
 * hang up when their patience runs out, offered calls are answered after the answer delay, answered
 * calls end after their handle time. Every reaction is scheduled on the clock, never inside an event.
 */
export class SimulatedSwitch {
  calls = 0;
  truncated = false;
  private readonly pending = new Map<string, Pending>();
  private readonly handle = new Map<string, () => number>();
  private readonly patience = new Map<string, () => number>();
  private readonly engine: AcdEngine;
  private readonly clock: VirtualClock;
  private readonly scenario: Scenario;
  private readonly stream: (k: number) => Rng;

  constructor(opts: { engine: AcdEngine; clock: VirtualClock; scenario: Scenario; stream: (k: number) => Rng }) {
    this.engine = opts.engine;
    this.clock = opts.clock;
    this.scenario = opts.scenario;
    this.stream = opts.stream;
    opts.scenario.queues.forEach((q, i) => {
      this.handle.set(q.id, sampler(q.handleTime, opts.stream(100 + i)));
      if (q.patience) this.patience.set(q.id, sampler(q.patience, opts.stream(200 + i)));
    });
  }

  onEvent(e: AcdEvent): void {
    if (e.type === 'call.offered') {
      this.clock.setTimeout(() => this.answer(e.agentId, e.callId), this.scenario.answerDelaySeconds * 1000);
    } else if (e.type === 'call.answered') {
      const p = this.pending.get(e.callId);
      if (!p) return;
      p.answered = true;
      this.clock.clearTimeout(p.patience);
      this.clock.setTimeout(() => this.engine.hungUp(e.callId), p.handleMs);
    } else if (
      e.type === 'call.abandoned' ||
      e.type === 'call.ended' ||
      (e.type === 'call.overflowed' && e.action.kind !== 'queue')
    ) {
      this.clock.clearTimeout(this.pending.get(e.callId)?.patience);
      this.pending.delete(e.callId);
    }
  }

  /** Replays recorded arrivals, or draws Poisson arrivals per queue, up to the end of the window. */
  scheduleArrivals(windowEndMs: number, replay?: readonly ArrivalRecord[]): void {
    if (!replay) {
      this.scenario.queues.forEach((q, i) => {
        this.schedulePoisson(q, this.stream(300 + i), windowEndMs);
      });
      return;
    }
    for (const r of replay) {
      if (r.atSecond * 1000 >= windowEndMs) break;
      const extra: ArrivalExtra = {
        ...(r.caller ? { caller: r.caller } : {}),
        ...(r.callerArea ? { callerArea: r.callerArea } : {}),
        ...(r.dedicatedAgentId ? { dedicatedAgentId: r.dedicatedAgentId } : {}),
        ...(r.handleSeconds === undefined ? {} : { handleMs: r.handleSeconds * 1000 }),
        ...(r.patienceSeconds === undefined ? {} : { patienceMs: r.patienceSeconds * 1000 }),
      };
      this.clock.setTimeout(() => this.arrive(r.queueId, extra), r.atSecond * 1000);
    }
  }

  private schedulePoisson(q: ScenarioQueue, rng: Rng, windowEndMs: number): void {
    const at = nextArrival(q.arrivals, this.clock.now(), windowEndMs, rng);
    if (at === undefined) return;
    this.clock.setTimeout(() => {
      this.arrive(q.id, {});
      if (!this.truncated) this.schedulePoisson(q, rng, windowEndMs);
    }, at - this.clock.now());
  }

  private arrive(queueId: string, extra: ArrivalExtra): void {
    if (this.calls >= this.scenario.maxCalls) {
      this.truncated = true;
      return;
    }
    const id = `c${++this.calls}`;
    const handleMs = extra.handleMs ?? (this.handle.get(queueId) as () => number)();
    const patienceMs = extra.patienceMs ?? this.patience.get(queueId)?.();
    const p: Pending = { handleMs, patience: undefined, answered: false };
    this.pending.set(id, p);
    if (patienceMs !== undefined) {
      p.patience = this.clock.setTimeout(() => {
        if (!p.answered) this.engine.hungUp(id);
      }, patienceMs);
    }
    this.engine.enqueue({
      id,
      caller: extra.caller ?? id,
      queueId,
      ...(extra.callerArea ? { callerArea: extra.callerArea } : {}),
      ...(extra.dedicatedAgentId ? { dedicatedAgentId: extra.dedicatedAgentId } : {}),
    });
  }

  private answer(agentId: string, callId: string): void {
    try {
      this.engine.answered(agentId, callId);
    } catch (e) {
      // The caller gave up (or the offer moved on) between offer and answer: nothing to answer.
      if (!isAppError(e) || (e.code !== AcdErrorCode.callNotFound && e.code !== AcdErrorCode.callNotOffered)) throw e;
    }
  }
}

/** Next Poisson arrival after `from` under a piecewise-constant rate (exact: the process is memoryless). */
export function nextArrival(steps: readonly RateStep[], from: number, end: number, rng: Rng): number | undefined {
  let t = from;
  while (t < end) {
    let i = steps.length - 1;
    while (i > 0 && (steps[i] as RateStep).startSecond * 1000 > t) i--;
    const rate = (steps[i] as RateStep).ratePerHour / 3_600_000;
    const boundary = Math.min(end, i + 1 < steps.length ? (steps[i + 1] as RateStep).startSecond * 1000 : end);
    if (rate > 0) {
      const candidate = t - Math.log(1 - rng.next()) / rate;
      if (candidate < boundary) return candidate;
    }
    t = boundary;
  }
  return undefined;
}
