import { type AppError, err, ok, type Result } from '@rexian/kernel';
import type { AgentRules } from '../agent/agent-rules.ts';
import { acdErrors } from '../errors.ts';
import {
  DISTRIBUTION_STRATEGIES,
  type DistributionStrategy,
  type OverflowAction,
  PREFERENCE_RULES,
  type PreferenceRule,
} from '../queue/queue.types.ts';
import type { Distribution } from './rng.ts';

/** A piece of an intraday arrival profile: from `startSecond` on, calls arrive at `ratePerHour`. */
export interface RateStep {
  readonly startSecond: number;
  readonly ratePerHour: number;
}

export interface ScenarioQueue {
  readonly id: string;
  readonly strategy: DistributionStrategy;
  readonly preferenceRules: readonly PreferenceRule[];
  readonly priority: number;
  readonly ringTimeSeconds: number;
  readonly maxWaitSeconds: number;
  readonly onMaxWait: OverflowAction;
  readonly maxLength: number;
  readonly onMaxLength: OverflowAction;
  /** Poisson arrivals, constant rate or a piecewise-constant profile. */
  readonly arrivals: readonly RateStep[];
  readonly handleTime: Distribution;
  /** Caller patience; absent = callers never abandon. */
  readonly patience?: Distribution;
}

export interface ScenarioAgents {
  readonly idPrefix: string;
  readonly count: number;
  /** Queue id → skill level 0–9. */
  readonly skills: Readonly<Record<string, number>>;
  readonly regions: readonly string[];
}

export interface Scenario {
  readonly name: string;
  readonly seed: number;
  /** Calls arrive during [0, durationSeconds); they are followed until they end. */
  readonly durationSeconds: number;
  /** Calls arriving before this are simulated but not counted (the system starts empty). */
  readonly warmupSeconds: number;
  /** T of the service level. */
  readonly serviceLevelSeconds: number;
  /** Seconds from offer to answer (0 = agents answer at once). */
  readonly answerDelaySeconds: number;
  readonly wrapUpSeconds: number;
  readonly queues: readonly ScenarioQueue[];
  readonly agents: readonly ScenarioAgents[];
  /** Optional CSV of past arrivals to replay instead of Poisson arrivals (path relative to the scenario). */
  readonly replayCsv?: string;
  /** Arrivals stop after this many calls (a guard against runaway scenarios); the report says so. */
  readonly maxCalls: number;
}

/** Limits that keep a hand-written scenario from exhausting memory. */
export const SCENARIO_LIMITS = { queues: 10_000, agents: 100_000, maxCalls: 50_000_000 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class ScenarioError extends Error {}

function num(o: Obj, key: string, where: string, dflt?: number, min = 0): number {
  const v = o[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ScenarioError(`${where}.${key} must be a number ≥ ${min}`);
  }
  return v;
}

function str(o: Obj, key: string, where: string, dflt?: string): string {
  const v = o[key] ?? dflt;
  if (typeof v !== 'string' || v === '') throw new ScenarioError(`${where}.${key} must be a non-empty string`);
  return v;
}

function distribution(v: unknown, where: string): Distribution {
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object`);
  switch (v.distribution) {
    case 'exponential':
      return { distribution: 'exponential', meanSeconds: num(v, 'meanSeconds', where, undefined, 1e-9) };
    case 'lognormal':
      return {
        distribution: 'lognormal',
        meanSeconds: num(v, 'meanSeconds', where, undefined, 1e-9),
        sdSeconds: num(v, 'sdSeconds', where),
      };
    case 'constant':
      return { distribution: 'constant', seconds: num(v, 'seconds', where) };
    default:
      throw new ScenarioError(`${where}.distribution must be exponential, lognormal or constant`);
  }
}

function overflowAction(v: unknown, where: string): OverflowAction {
  if (v === undefined) return { kind: 'hangup' };
  if (!isObj(v)) throw new ScenarioError(`${where} must be an object`);
  switch (v.kind) {
    case 'hangup':
      return { kind: 'hangup' };
    case 'voicemail':
      return { kind: 'voicemail' };
    case 'ivr':
      return { kind: 'ivr', ivrId: str(v, 'ivrId', where) };
    case 'queue':
      return { kind: 'queue', queueId: str(v, 'queueId', where) };
    default:
      throw new ScenarioError(`${where}.kind must be hangup, voicemail, ivr or queue`);
  }
}

function arrivals(v: Obj, where: string): RateStep[] {
  if (Array.isArray(v.profile)) {
    const steps = v.profile.map((p, i) => {
      if (!isObj(p)) throw new ScenarioError(`${where}.profile[${i}] must be an object`);
      return {
        startSecond: num(p, 'startSecond', `${where}.profile[${i}]`),
        ratePerHour: num(p, 'ratePerHour', `${where}.profile[${i}]`),
      };
    });
    if (steps.length === 0 || steps.some((s, i) => i > 0 && s.startSecond <= (steps[i - 1] as RateStep).startSecond)) {
      throw new ScenarioError(`${where}.profile must be non-empty with increasing startSecond`);
    }
    return steps;
  }
  return [{ startSecond: 0, ratePerHour: num(v, 'ratePerHour', where) }];
}

function queue(v: unknown, i: number): ScenarioQueue {
  const w = `queues[${i}]`;
  if (!isObj(v)) throw new ScenarioError(`${w} must be an object`);
  const strategy = (v.strategy ?? 'longest-idle') as DistributionStrategy;
  if (!DISTRIBUTION_STRATEGIES.includes(strategy))
    throw new ScenarioError(`${w}.strategy must be one of ${DISTRIBUTION_STRATEGIES.join(', ')}`);
  const rules = v.preferenceRules ?? [];
  if (!Array.isArray(rules) || rules.some((r) => !(PREFERENCE_RULES as readonly unknown[]).includes(r))) {
    throw new ScenarioError(`${w}.preferenceRules must list rules among ${PREFERENCE_RULES.join(', ')}`);
  }
  if (!isObj(v.arrivals) && v.arrivals !== undefined) throw new ScenarioError(`${w}.arrivals must be an object`);
  return {
    id: str(v, 'id', w),
    strategy,
    preferenceRules: rules as PreferenceRule[],
    priority: num(v, 'priority', w, 0, -1e9),
    ringTimeSeconds: num(v, 'ringTimeSeconds', w, 20, 1e-3),
    maxWaitSeconds: num(v, 'maxWaitSeconds', w, 0),
    onMaxWait: overflowAction(v.onMaxWait, `${w}.onMaxWait`),
    maxLength: num(v, 'maxLength', w, 0),
    onMaxLength: overflowAction(v.onMaxLength, `${w}.onMaxLength`),
    arrivals: arrivals((v.arrivals as Obj | undefined) ?? { ratePerHour: 0 }, `${w}.arrivals`),
    handleTime: distribution(v.handleTime, `${w}.handleTime`),
    ...(v.patience === undefined ? {} : { patience: distribution(v.patience, `${w}.patience`) }),
  };
}

function agentSet(v: unknown, i: number, queueIds: Set<string>): ScenarioAgents {
  const w = `agents[${i}]`;
  if (!isObj(v) || !isObj(v.skills)) throw new ScenarioError(`${w} must be an object with skills`);
  const skills: Record<string, number> = {};
  for (const [q, level] of Object.entries(v.skills)) {
    if (!queueIds.has(q)) throw new ScenarioError(`${w}.skills names unknown queue ${q}`);
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 9) {
      throw new ScenarioError(`${w}.skills.${q} must be an integer 0–9`);
    }
    skills[q] = level;
  }
  const regions = v.regions ?? [];
  if (!Array.isArray(regions) || regions.some((r) => typeof r !== 'string'))
    throw new ScenarioError(`${w}.regions must be strings`);
  return { idPrefix: str(v, 'idPrefix', w, `g${i}-`), count: num(v, 'count', w, 1, 0), skills, regions: regions as string[] };
}

/** Validates untrusted scenario JSON; never throws. */
export function parseScenario(input: unknown): Result<Scenario, AppError> {
  try {
    if (!isObj(input)) throw new ScenarioError('scenario must be a JSON object');
    if (!Array.isArray(input.queues) || input.queues.length === 0) throw new ScenarioError('queues must be a non-empty array');
    if (!Array.isArray(input.agents)) throw new ScenarioError('agents must be an array');
    const queues = input.queues.map(queue);
    const ids = new Set(queues.map((q) => q.id));
    if (ids.size !== queues.length) throw new ScenarioError('queue ids must be unique');
    for (const q of queues) {
      for (const a of [q.onMaxWait, q.onMaxLength]) {
        if (a.kind === 'queue' && !ids.has(a.queueId))
          throw new ScenarioError(`queue ${q.id} overflows to unknown queue ${a.queueId}`);
      }
    }
    if (queues.length > SCENARIO_LIMITS.queues) throw new ScenarioError(`at most ${SCENARIO_LIMITS.queues} queues`);
    const agents = input.agents.map((a, i) => agentSet(a, i, ids));
    if (agents.reduce((n, a) => n + a.count, 0) > SCENARIO_LIMITS.agents) {
      throw new ScenarioError(`at most ${SCENARIO_LIMITS.agents} agents in all`);
    }
    const prefixes = new Set(agents.map((a) => a.idPrefix));
    if (prefixes.size !== agents.length) throw new ScenarioError('agents[].idPrefix must be unique');
    const scenario: Scenario = {
      name: typeof input.name === 'string' ? input.name : 'scenario',
      seed: num(input, 'seed', 'scenario', 1),
      durationSeconds: num(input, 'durationSeconds', 'scenario', 86_400, 1e-3),
      warmupSeconds: num(input, 'warmupSeconds', 'scenario', 0),
      serviceLevelSeconds: num(input, 'serviceLevelSeconds', 'scenario', 20),
      answerDelaySeconds: num(input, 'answerDelaySeconds', 'scenario', 0),
      wrapUpSeconds: num(input, 'wrapUpSeconds', 'scenario', 0),
      queues,
      agents,
      ...(typeof input.replayCsv === 'string' ? { replayCsv: input.replayCsv } : {}),
      maxCalls: num(input, 'maxCalls', 'scenario', 10_000_000, 1),
    };
    if (scenario.maxCalls > SCENARIO_LIMITS.maxCalls) throw new ScenarioError(`maxCalls must be ≤ ${SCENARIO_LIMITS.maxCalls}`);
    // An answer slower than the ring time would ring forever: every offer would time out and repeat.
    const shortestRing = Math.min(...queues.map((q) => q.ringTimeSeconds));
    if (scenario.answerDelaySeconds >= shortestRing) {
      throw new ScenarioError(`answerDelaySeconds must be below every queue's ringTimeSeconds (${shortestRing})`);
    }
    if (scenario.warmupSeconds >= scenario.durationSeconds)
      throw new ScenarioError('warmupSeconds must be below durationSeconds');
    return ok(scenario);
  } catch (e) {
    if (e instanceof ScenarioError) return err(acdErrors.invalidScenario(e.message));
    return err(acdErrors.invalidScenario(`scenario could not be read: ${String(e)}`));
  }
}

/** The engine rules a scenario implies: its wrap-up, automatic idle, everything else default. */
export function scenarioRules(s: Scenario): Partial<AgentRules> {
  // A ring time-out leaves the simulated agent idle: a simulated agent is never absent from the desk.
  return {
    wrapUpMs: s.wrapUpSeconds * 1000,
    autoIdleAfterWrapUp: true,
    rejectIntervalMs: 0,
    idleReminderMs: 0,
    ringTimeoutAction: 'idle',
  };
}
