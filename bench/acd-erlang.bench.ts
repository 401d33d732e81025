/**
 * The ACD simulator against Erlang C and Erlang A over ≥ 10^6 simulated calls per configuration.
 * Issue #6 acceptance: service level within ±1.5 points and ASA within ±7 % of Erlang C
 * (200 calls/h, AHT 180 s, T = 20 s, 11 / 13 / 14 agents); Erlang A abandonment alongside.
 * Prints one JSON object. Not a pass/fail test: `withinTolerance` reports the comparison.
 */
import { type AcdEvent, erlangA, erlangC, parseScenario, runSimulation, type Scenario } from '@rexian/acd';

const BATCHES = 50;

/** Runs a scenario and estimates the standard error of SL and ASA by batch means (50 time batches). */
function runWithStdErr(sc: Scenario) {
  const start = sc.warmupSeconds * 1000;
  const len = ((sc.durationSeconds - sc.warmupSeconds) * 1000) / BATCHES;
  const offered = new Array<number>(BATCHES).fill(0);
  const within = new Array<number>(BATCHES).fill(0);
  const answered = new Array<number>(BATCHES).fill(0);
  const wait = new Array<number>(BATCHES).fill(0);
  const batchOf = new Map<string, number>();
  const observe = (e: AcdEvent) => {
    if (e.type === 'call.queued' && e.at >= start) {
      const b = Math.min(BATCHES - 1, Math.floor((e.at - start) / len));
      offered[b] = (offered[b] ?? 0) + 1;
      batchOf.set(e.callId, b);
    } else if (e.type === 'call.answered' || e.type === 'call.abandoned') {
      const b = batchOf.get(e.callId);
      batchOf.delete(e.callId);
      if (b === undefined || e.type === 'call.abandoned') return;
      answered[b] = (answered[b] ?? 0) + 1;
      wait[b] = (wait[b] ?? 0) + e.waitMs / 1000;
      if (e.waitMs <= T * 1000) within[b] = (within[b] ?? 0) + 1;
    }
  };
  const t0 = performance.now();
  const report = runSimulation(sc, { observe });
  const ms = performance.now() - t0;
  const se = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
  };
  return {
    report,
    ms,
    seSl: se(within.map((w, i) => w / (offered[i] ?? 1))),
    seAsa: se(wait.map((w, i) => w / (answered[i] ?? 1))),
  };
}

const CALLS = Number(process.env.ACD_BENCH_CALLS ?? 1_000_000);
const RATE = 200;
const AHT = 180;
const T = 20;

function scenario(agents: number, seed: number, patienceSeconds?: number) {
  const warmup = 3_600;
  const parsed = parseScenario({
    name: `M/M/${agents}${patienceSeconds ? '+M' : ''}`,
    seed,
    durationSeconds: warmup + (CALLS / RATE) * 3600,
    warmupSeconds: warmup,
    serviceLevelSeconds: T,
    queues: [
      {
        id: 'q',
        arrivals: { ratePerHour: RATE },
        handleTime: { distribution: 'exponential', meanSeconds: AHT },
        ...(patienceSeconds ? { patience: { distribution: 'exponential', meanSeconds: patienceSeconds } } : {}),
      },
    ],
    agents: [{ idPrefix: 'a', count: agents, skills: { q: 5 } }],
  });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
let simulatedCalls = 0;
const cpuStart = process.cpuUsage();
let wallMs = 0;

const erlangCRuns = [11, 13, 14].map((agents) => {
  const exact = erlangC({ callsPerHour: RATE, ahtSeconds: AHT, agents, thresholdSeconds: T });
  const { report, ms, seSl, seAsa } = runWithStdErr(scenario(agents, 1000 + agents));
  simulatedCalls += report.run.calls;
  wallMs += ms;
  const q = report.totals;
  const slDiffPoints = (q.serviceLevel - exact.serviceLevel) * 100;
  const asaDiffPct = ((q.asaSeconds - exact.asaSeconds) / exact.asaSeconds) * 100;
  return {
    agents,
    offered: q.offered,
    serviceLevel: {
      simulated: round(q.serviceLevel),
      erlangC: round(exact.serviceLevel),
      diffPoints: round(slDiffPoints, 2),
      stdErrPoints: round(seSl * 100, 2),
    },
    asaSeconds: {
      simulated: round(q.asaSeconds, 2),
      erlangC: round(exact.asaSeconds, 2),
      diffPercent: round(asaDiffPct, 2),
      stdErrPercent: round((seAsa / exact.asaSeconds) * 100, 2),
    },
    withinTolerance: Math.abs(slDiffPoints) <= 1.5 && Math.abs(asaDiffPct) <= 7,
    callsPerSecond: Math.round(report.run.calls / (ms / 1000)),
  };
});

const erlangARuns = [
  [11, 120],
  [10, 180],
].map(([agents, patience]) => {
  const a = agents as number;
  const p = patience as number;
  const exact = erlangA({ callsPerHour: RATE, ahtSeconds: AHT, agents: a, patienceSeconds: p });
  const t0 = performance.now();
  const report = runSimulation(scenario(a, 2000 + a, p));
  const ms = performance.now() - t0;
  simulatedCalls += report.run.calls;
  wallMs += ms;
  const q = report.totals;
  return {
    agents: a,
    patienceSeconds: p,
    offered: q.offered,
    abandonRate: {
      simulated: round(q.abandonRate),
      erlangA: round(exact.abandonRate),
      diffPoints: round((q.abandonRate - exact.abandonRate) * 100, 2),
    },
    asaSeconds: {
      simulated: round(q.asaSeconds, 2),
      erlangA: round(exact.asaSeconds, 2),
      diffPercent: round(((q.asaSeconds - exact.asaSeconds) / exact.asaSeconds) * 100, 2),
    },
    callsPerSecond: Math.round(report.run.calls / (ms / 1000)),
  };
});

console.log(
  JSON.stringify(
    {
      bench: 'acd-erlang',
      callsPerRun: CALLS,
      tolerance: { serviceLevelPoints: 1.5, asaPercent: 7 },
      stdErr: `batch means over ${BATCHES} equal time batches of the measured window`,
      serviceLevelDefinition: `answered within ${T} s ÷ offered`,
      erlangC: erlangCRuns,
      erlangA: erlangARuns,
      allErlangCWithinTolerance: erlangCRuns.every((r) => r.withinTolerance),
      simulatedCalls,
      simulatedCallsPerSecond: Math.round(simulatedCalls / (wallMs / 1000)),
      simulatedCallsPerCpuSecond: Math.round(simulatedCalls / (cpuSeconds() || 1)),
      node: process.version,
    },
    null,
    2,
  ),
);

function cpuSeconds(): number {
  const d = process.cpuUsage(cpuStart);
  return (d.user + d.system) / 1e6;
}
