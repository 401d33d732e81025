/**
 * Routing throughput and latency with 10,000 signed-in agents across 500 queues (each agent a member
 * of 3 queues with random skills and regions; queues use every strategy and preference rules).
 * - call-arrived: a call enters a queue with idle agents → pipeline (rules + strategy) → offer.
 * - agent-available: a freed agent picks the best head call among its queues.
 * Also the simulator's speed on a large centre. Prints one JSON object; not pass/fail.
 */

import {
  AcdEngine,
  createRng,
  DISTRIBUTION_STRATEGIES,
  defineQueue,
  type PreferenceRule,
  parseScenario,
  runSimulation,
} from '@rexian/acd';
import { VirtualClock } from '@rexian/kernel';

const AGENTS = 10_000;
const QUEUES = 500;
const PER_AGENT = 3;
const DECISIONS = Number(process.env.ACD_BENCH_DECISIONS ?? 200_000);
const REGIONS = ['010', '021', '020', '0755', '028', '027', '029', '023'];
const RULE_SETS: PreferenceRule[][] = [
  [],
  ['caller-area'],
  ['caller-area', 'highest-skill'],
  ['last-agent', 'highest-skill'],
  ['dedicated-agent', 'caller-area', 'highest-skill'],
];

const rng = createRng(42);
const pickInt = (n: number) => Math.floor(rng.next() * n);
const clock = new VirtualClock(0);
const engine = new AcdEngine({ clock, rng: createRng(7), rules: { wrapUpMs: 0 } });
for (let q = 0; q < QUEUES; q++) {
  engine.upsertQueue(
    defineQueue({
      id: `q${q}`,
      strategy: DISTRIBUTION_STRATEGIES[q % DISTRIBUTION_STRATEGIES.length],
      preferenceRules: RULE_SETS[q % RULE_SETS.length],
      priority: q % 3,
    }),
  );
}
const t0 = performance.now();
for (let i = 0; i < AGENTS; i++) {
  const skills: Record<string, number> = {};
  while (Object.keys(skills).length < PER_AGENT) skills[`q${pickInt(QUEUES)}`] = pickInt(10);
  engine.upsertAgent({
    id: `a${i}`,
    number: String(100000 + i),
    name: `a${i}`,
    type: 'agent',
    enabled: true,
    regions: [REGIONS[pickInt(REGIONS.length)] as string],
    skills,
    managedGroupIds: [],
    managedQueueIds: [],
  });
  engine.signIn(`a${i}`, { extension: String(100000 + i) });
}
const setupMs = performance.now() - t0;

/**
 * Wall-clock latencies per decision, plus the process CPU time of the whole phase (which also covers
 * the hang-ups and clock advances between decisions): on a shared machine CPU time is the steadier figure.
 */
function summarize(samples: number[], cpuMicros: number) {
  const sorted = Float64Array.from(samples).sort();
  const total = samples.reduce((a, b) => a + b, 0);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  return {
    decisions: samples.length,
    decisionsPerSecond: Math.round(samples.length / (total / 1000)),
    cpuMicrosPerDecision: Math.round((cpuMicros / samples.length) * 10) / 10,
    p50Micros: Math.round(q(0.5) * 1000 * 10) / 10,
    p99Micros: Math.round(q(0.99) * 1000 * 10) / 10,
    maxMicros: Math.round(q(1) * 1000 * 10) / 10,
  };
}

// call-arrived: every agent idle; each call is routed then hung up while still reserved (agent idle again).
const arrived: number[] = [];
let n = 0;
let cpu = process.cpuUsage();
for (let i = 0; i < DECISIONS; i++) {
  const id = `c${++n}`;
  const call = {
    id,
    caller: `1390000${String(pickInt(5000)).padStart(4, '0')}`,
    queueId: `q${pickInt(QUEUES)}`,
    callerArea: REGIONS[pickInt(REGIONS.length)] as string,
    ...(i % 4 === 0 ? { dedicatedAgentId: `a${pickInt(AGENTS)}` } : {}),
  };
  const s = performance.now();
  engine.enqueue(call);
  arrived.push(performance.now() - s);
  engine.hungUp(id);
  clock.advance(50); // a call every 50 ms, so timers set and cleared along the way are retired as in real time
}
const callArrived = summarize(arrived, cpuSince(cpu));

// agent-available: all agents busy, 4 calls waiting in every queue; agents freed one at a time.
for (let i = 0; i < AGENTS; i++) engine.setBusy(`a${i}`);
for (let q = 0; q < QUEUES; q++)
  for (let k = 0; k < 4; k++) engine.enqueue({ id: `w${q}-${k}`, caller: 'x', queueId: `q${q}`, vip: k === 3 });
const available: number[] = [];
cpu = process.cpuUsage();
for (let i = 0; i < AGENTS; i++) {
  const s = performance.now();
  engine.setIdle(`a${i}`);
  available.push(performance.now() - s);
}
const agentAvailable = summarize(available, cpuSince(cpu));

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

// Simulated calls per second on a larger centre: 50 queues, 1,000 agents in 2 queues each, one day.
const skipSim = process.env.ACD_BENCH_SKIP_SIM === '1';
const big = parseScenario({
  seed: 5,
  durationSeconds: 86_400,
  serviceLevelSeconds: 20,
  wrapUpSeconds: 15,
  queues: Array.from({ length: 50 }, (_, q) => ({
    id: `q${q}`,
    strategy: DISTRIBUTION_STRATEGIES[q % DISTRIBUTION_STRATEGIES.length],
    preferenceRules: ['highest-skill'],
    arrivals: { ratePerHour: 300 },
    handleTime: { distribution: 'lognormal', meanSeconds: 200, sdSeconds: 120 },
    patience: { distribution: 'exponential', meanSeconds: 180 },
  })),
  agents: Array.from({ length: 50 }, (_, q) => ({
    idPrefix: `g${q}-`,
    count: 20,
    skills: { [`q${q}`]: 7, [`q${(q + 1) % 50}`]: 3 },
  })),
});
if (!big.ok) throw big.error;
const s = performance.now();
cpu = process.cpuUsage();
const report = skipSim ? undefined : runSimulation(big.value);
const simMs = performance.now() - s;
const simCpuSeconds = cpuSince(cpu) / 1e6;

console.log(
  JSON.stringify(
    {
      bench: 'acd-routing',
      agents: AGENTS,
      queues: QUEUES,
      queuesPerAgent: PER_AGENT,
      setupMs: Math.round(setupMs),
      callArrived,
      agentAvailable,
      note: 'latency = one engine command including routing, trace recording and event emission',
      simulator: report && {
        queues: 50,
        agents: 1000,
        simulatedSeconds: 86_400,
        calls: report?.run.calls,
        events: report?.run.events,
        wallMs: Math.round(simMs),
        simulatedCallsPerSecond: report && Math.round(report.run.calls / (simMs / 1000)),
        simulatedCallsPerCpuSecond: report && Math.round(report.run.calls / simCpuSeconds),
        serviceLevel: report?.totals.serviceLevel,
      },
      node: process.version,
    },
    null,
    2,
  ),
);
