import { isAppError, type TimerHandle, VirtualClock } from '@rexian/kernel';
import { AcdEngine } from '../engine/acd-engine.ts';
import { AcdErrorCode } from '../errors.ts';
import type { AcdEvent } from '../events.ts';
import { defineQueue } from '../queue/queue.types.ts';
import { createMemoryTraceStore } from '../routing/routing.types.ts';
import type { ArrivalRecord } from './arrivals-csv.ts';
import { createRng, sampler } from './rng.ts';
import { type RateStep, type Scenario, type ScenarioQueue, scenarioRules } from './scenario.ts';
import { type AgentFigures, type QueueFigures, SimStats } from './sim-stats.ts';

export interface SimulationOptions {
  /** Replay these arrivals instead of drawing Poisson arrivals. */
  readonly arrivals?: readonly ArrivalRecord[];
  /** Sees every ACD event (tests compute batch statistics from them). */
  readonly observe?: (event: AcdEvent) => void;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly seed: number;
  readonly arrivals: 'poisson' | 'replay';
  readonly serviceLevelSeconds: number;
  readonly window: { readonly startSecond: number; readonly endSecond: number };
  readonly definitions: Readonly<Record<string, string>>;
  readonly totals: QueueFigures;
  readonly queues: Readonly<Record<string, QueueFigures>>;
  readonly agents: Readonly<Record<string, AgentFigures>>;
  readonly run: {
    readonly calls: number;
    readonly events: number;
    readonly simulatedSeconds: number;
    /** True when arrivals stopped at `maxCalls` before the end of the window. */
    readonly truncated: boolean;
  };
}

type Pending = { handleMs: number; patience: TimerHandle | undefined; answered: boolean };

/** Independent random streams, so changing routing does not change who calls when (common random numbers). */
const stream = (seed: number, k: number) => createRng((seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0);

/**
 * Runs a scenario through the real ACD engine on a virtual clock and reports per queue and per agent.
 * Deterministic for a given scenario and seed.
 */
export function runSimulation(scenario: Scenario, opts: SimulationOptions = {}): SimulationReport {
  const clock = new VirtualClock(0);
  const T = scenario.serviceLevelSeconds;
  const engine = new AcdEngine({
    clock,
    rng: stream(scenario.seed, 0),
    rules: scenarioRules(scenario),
    traces: createMemoryTraceStore(1_000),
  });
  for (const q of scenario.queues) {
    engine.upsertQueue(
      defineQueue({
        id: q.id,
        strategy: q.strategy,
        preferenceRules: q.preferenceRules,
        priority: q.priority,
        ringTimeMs: q.ringTimeSeconds * 1000,
        maxWaitMs: q.maxWaitSeconds * 1000,
        onMaxWait: q.onMaxWait,
        maxLength: q.maxLength,
        onMaxLength: q.onMaxLength,
      }),
    );
  }
  const windowStart = scenario.warmupSeconds * 1000;
  const windowEnd = scenario.durationSeconds * 1000;
  const stats = new SimStats({ thresholdMs: T * 1000, windowStart, windowEnd });
  const pending = new Map<string, Pending>();
  const answerDelayMs = scenario.answerDelaySeconds * 1000;
  let events = 0;

  engine.events.on('*', (e) => {
    events++;
    stats.on(e);
    opts.observe?.(e);
    if (e.type === 'call.offered') clock.setTimeout(() => answer(e.agentId, e.callId), answerDelayMs);
    else if (e.type === 'call.answered') {
      const p = pending.get(e.callId);
      if (!p) return;
      p.answered = true;
      clock.clearTimeout(p.patience);
      clock.setTimeout(() => engine.hungUp(e.callId), p.handleMs);
    } else if (
      e.type === 'call.abandoned' ||
      e.type === 'call.ended' ||
      (e.type === 'call.overflowed' && e.action.kind !== 'queue')
    ) {
      const p = pending.get(e.callId);
      if (p) clock.clearTimeout(p.patience);
      pending.delete(e.callId);
    }
  });

  function answer(agentId: string, callId: string): void {
    try {
      engine.answered(agentId, callId);
    } catch (e) {
      // The caller gave up (or the offer moved on) between offer and answer: nothing to answer.
      if (!isAppError(e) || (e.code !== AcdErrorCode.callNotFound && e.code !== AcdErrorCode.callNotOffered)) throw e;
    }
  }

  let n = 0;
  let agentNumber = 1000;
  for (const set of scenario.agents) {
    for (let i = 1; i <= set.count; i++) {
      const number = String(++agentNumber);
      const id = `${set.idPrefix}${i}`;
      engine.upsertAgent({
        id,
        number,
        name: id,
        type: 'agent',
        enabled: true,
        regions: set.regions,
        skills: set.skills,
        managedGroupIds: [],
        managedQueueIds: [],
      });
      engine.signIn(id, { extension: number });
    }
  }

  const handleSamplers = new Map(scenario.queues.map((q, i) => [q.id, sampler(q.handleTime, stream(scenario.seed, 100 + i))]));
  const patienceSamplers = new Map(
    scenario.queues.flatMap((q, i) => (q.patience ? [[q.id, sampler(q.patience, stream(scenario.seed, 200 + i))] as const] : [])),
  );

  type Extra = { caller?: string; callerArea?: string; dedicatedAgentId?: string; handleMs?: number; patienceMs?: number };
  let truncated = false;

  function arrive(queueId: string, extra: Extra): void {
    if (n >= scenario.maxCalls) {
      truncated = true;
      return;
    }
    const id = `c${++n}`;
    const handleMs = extra.handleMs ?? (handleSamplers.get(queueId) as () => number)();
    const patienceMs = extra.patienceMs ?? patienceSamplers.get(queueId)?.();
    const p: Pending = { handleMs, patience: undefined, answered: false };
    pending.set(id, p);
    if (patienceMs !== undefined) {
      p.patience = clock.setTimeout(() => {
        if (!p.answered) engine.hungUp(id);
      }, patienceMs);
    }
    engine.enqueue({
      id,
      caller: extra.caller ?? id,
      queueId,
      ...(extra.callerArea ? { callerArea: extra.callerArea } : {}),
      ...(extra.dedicatedAgentId ? { dedicatedAgentId: extra.dedicatedAgentId } : {}),
    });
  }

  if (opts.arrivals) {
    for (const r of opts.arrivals) {
      if (r.atSecond * 1000 >= windowEnd) break;
      clock.setTimeout(
        () =>
          arrive(r.queueId, {
            ...(r.caller ? { caller: r.caller } : {}),
            ...(r.callerArea ? { callerArea: r.callerArea } : {}),
            ...(r.dedicatedAgentId ? { dedicatedAgentId: r.dedicatedAgentId } : {}),
            ...(r.handleSeconds === undefined ? {} : { handleMs: r.handleSeconds * 1000 }),
            ...(r.patienceSeconds === undefined ? {} : { patienceMs: r.patienceSeconds * 1000 }),
          }),
        r.atSecond * 1000,
      );
    }
  } else {
    scenario.queues.forEach((q, i) => {
      schedulePoisson(q, stream(scenario.seed, 300 + i));
    });
  }

  function schedulePoisson(q: ScenarioQueue, rng: { next(): number }): void {
    const at = nextArrival(q.arrivals, clock.now(), windowEnd, rng);
    if (at === undefined) return;
    clock.setTimeout(() => {
      arrive(q.id, {});
      if (!truncated) schedulePoisson(q, rng);
    }, at - clock.now());
  }

  while (clock.step()) {
    // Run until every call has ended and every agent timer has fired.
  }
  for (const a of engine.agents()) stats.addStateTime(a.id, a.state, a.since, clock.now());

  const queues: Record<string, QueueFigures> = {};
  for (const q of scenario.queues) queues[q.id] = stats.queueFigures(q.id);
  const agents: Record<string, AgentFigures> = {};
  for (const a of engine.agents()) agents[a.id] = stats.agentFigures(a.id);
  return {
    scenario: scenario.name,
    seed: scenario.seed,
    arrivals: opts.arrivals ? 'replay' : 'poisson',
    serviceLevelSeconds: T,
    window: { startSecond: scenario.warmupSeconds, endSecond: scenario.durationSeconds },
    definitions: definitions(T),
    totals: stats.totals(),
    queues,
    agents,
    run: { calls: n, events, simulatedSeconds: clock.now() / 1000, truncated },
  };
}

/** Next Poisson arrival after `from` under a piecewise-constant rate (exact: the process is memoryless). */
export function nextArrival(steps: readonly RateStep[], from: number, end: number, rng: { next(): number }): number | undefined {
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

function definitions(T: number): Record<string, string> {
  return {
    offered: 'calls that entered the queue inside the measured window (a call overflowed to another queue is offered there too)',
    totals:
      'each call once, measured from its first queue entry; overflow to another queue is not an outcome, the final queue decides',
    serviceLevel: `answered within ${T} s of queue entry ÷ offered; abandoned and overflowed calls stay in the denominator`,
    abandonRate: 'abandoned (caller hung up while queued or ringing) ÷ offered',
    asaSeconds: 'average speed of answer: mean wait from queue entry to answer, answered calls only',
    occupancy: '(reserved + ringing + talking + wrap-up time) ÷ signed-in time, clipped to the measured window',
  };
}
