import { VirtualClock } from '@rexian/kernel';
import { AcdEngine } from '../engine/acd-engine.ts';
import type { AcdEvent } from '../events.ts';
import { defineQueue } from '../queue/queue.types.ts';
import { createMemoryTraceStore } from '../routing/routing.types.ts';
import type { ArrivalRecord } from './arrivals-csv.ts';
import { createRng } from './rng.ts';
import { type Scenario, scenarioRules } from './scenario.ts';
import { type AgentFigures, type QueueFigures, SimStats } from './sim-stats.ts';
import { SimulatedSwitch } from './sim-switch.ts';

export { nextArrival } from './sim-switch.ts';

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

/** Independent random streams, so changing routing does not change who calls when (common random numbers). */
const stream = (seed: number, k: number) => createRng((seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0);

/**
 * Runs a scenario through the real ACD engine on a virtual clock and reports per queue and per agent.
 * Deterministic for a given scenario and seed.
 */
export function runSimulation(scenario: Scenario, opts: SimulationOptions = {}): SimulationReport {
  const clock = new VirtualClock(0);
  const T = scenario.serviceLevelSeconds;
  const engine = buildEngine(scenario, clock);
  const windowEnd = scenario.durationSeconds * 1000;
  const stats = new SimStats({ thresholdMs: T * 1000, windowStart: scenario.warmupSeconds * 1000, windowEnd });
  const sw = new SimulatedSwitch({ engine, clock, scenario, stream: (k) => stream(scenario.seed, k) });
  let events = 0;
  engine.events.on('*', (e) => {
    events++;
    stats.on(e);
    opts.observe?.(e);
    sw.onEvent(e);
  });
  signInAgents(engine, scenario);
  sw.scheduleArrivals(windowEnd, opts.arrivals);
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
    run: { calls: sw.calls, events, simulatedSeconds: clock.now() / 1000, truncated: sw.truncated },
  };
}

function buildEngine(scenario: Scenario, clock: VirtualClock): AcdEngine {
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
  return engine;
}

/** Agent groups become agents numbered from 1001, all signed in with an extension at time 0. */
function signInAgents(engine: AcdEngine, scenario: Scenario): void {
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
