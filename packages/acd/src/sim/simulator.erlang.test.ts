import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AcdEvent } from '../events.ts';
import { erlangA, erlangC } from './erlang.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import { runSimulation } from './simulator.ts';

/**
 * The simulator against closed forms. Each run is cut into equal time batches; the spread of the batch
 * figures gives a standard error for this very sample, and the simulator must land within 4 standard
 * errors of the closed form (a false alarm about 1 in 16,000). We also require the standard error to be
 * small, so the check has teeth. The ±1.5 point / ±7 % check over 10^6 calls is in bench/acd-erlang.bench.ts.
 */
/**
 * Calls per run; the heavily loaded 11-agent Erlang C case needs more for the same relative precision
 * (with abandonment the queue stays short and 150,000 calls suffice).
 */
const callsFor = (agents: number, patienceSeconds?: number) => (agents <= 11 && !patienceSeconds ? 400_000 : 150_000);
const BATCHES = 30;
const RATE = 200;
const AHT = 180;
const T = 20;

function scenario(agents: number, patienceSeconds?: number): Scenario {
  const warmup = 3_600;
  const parsed = parseScenario({
    seed: 20260105 + agents,
    durationSeconds: warmup + (callsFor(agents, patienceSeconds) / RATE) * 3600,
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

type Batch = { offered: number; within: number; answered: number; waitMs: number; abandoned: number };

function runWithBatches(s: Scenario) {
  const start = s.warmupSeconds * 1000;
  const len = ((s.durationSeconds - s.warmupSeconds) * 1000) / BATCHES;
  const batches: Batch[] = Array.from({ length: BATCHES }, () => ({
    offered: 0,
    within: 0,
    answered: 0,
    waitMs: 0,
    abandoned: 0,
  }));
  const batchOf = new Map<string, Batch>();
  const observe = (e: AcdEvent) => {
    if (e.type === 'call.queued' && e.at >= start) {
      const b = batches[Math.min(BATCHES - 1, Math.floor((e.at - start) / len))] as Batch;
      b.offered++;
      batchOf.set(e.callId, b);
    } else if (e.type === 'call.answered') {
      const b = batchOf.get(e.callId);
      if (!b) return;
      b.answered++;
      b.waitMs += e.waitMs;
      if (e.waitMs <= T * 1000) b.within++;
      batchOf.delete(e.callId);
    } else if (e.type === 'call.abandoned') {
      const b = batchOf.get(e.callId);
      if (b) b.abandoned++;
      batchOf.delete(e.callId);
    }
  };
  const report = runSimulation(s, { observe });
  const se = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    return Math.sqrt(v / xs.length);
  };
  return {
    report,
    seSl: se(batches.map((b) => b.within / b.offered)),
    seAsa: se(batches.map((b) => b.waitMs / 1000 / b.answered)),
    seAbandon: se(batches.map((b) => b.abandoned / b.offered)),
  };
}

describe('simulator vs Erlang C (no abandonment)', () => {
  for (const agents of [11, 13, 14]) {
    it(`${agents} agents`, () => {
      const exact = erlangC({ callsPerHour: RATE, ahtSeconds: AHT, agents, thresholdSeconds: T });
      const { report, seSl, seAsa } = runWithBatches(scenario(agents));
      const q = report.queues.q;
      assert.ok(q);
      const calls = callsFor(agents);
      assert.ok(q.offered > calls * 0.98 && q.offered < calls * 1.02, `offered ${q.offered}`);
      assert.equal(q.answered, q.offered, 'nobody abandons without patience');
      assert.ok(seSl < 0.012, `SL standard error ${seSl} is too large for a meaningful check`);
      assert.ok(seAsa / exact.asaSeconds < 0.06, `ASA standard error ${seAsa} is too large`);
      assert.ok(
        Math.abs(q.serviceLevel - exact.serviceLevel) <= 4 * seSl,
        `SL ${q.serviceLevel} vs ${exact.serviceLevel} (±${(4 * seSl).toFixed(4)})`,
      );
      assert.ok(
        Math.abs(q.asaSeconds - exact.asaSeconds) <= 4 * seAsa,
        `ASA ${q.asaSeconds} vs ${exact.asaSeconds} (±${(4 * seAsa).toFixed(2)})`,
      );
      const occupancy = Object.values(report.agents).reduce((a, x) => a + x.occupancy, 0) / agents;
      assert.ok(Math.abs(occupancy - exact.occupancy) < 0.01, `occupancy ${occupancy} vs ${exact.occupancy}`);
    });
  }
});

describe('simulator vs Erlang A (exponential patience)', () => {
  it('11 agents, mean patience 120 s: abandonment rate and ASA', () => {
    const exact = erlangA({ callsPerHour: RATE, ahtSeconds: AHT, agents: 11, patienceSeconds: 120 });
    const { report, seAbandon, seAsa } = runWithBatches(scenario(11, 120));
    const q = report.queues.q;
    assert.ok(q);
    assert.equal(q.answered + q.abandoned, q.offered);
    assert.ok(seAbandon < 0.004, `abandon standard error ${seAbandon}`);
    assert.ok(
      Math.abs(q.abandonRate - exact.abandonRate) <= 4 * seAbandon,
      `abandon ${q.abandonRate} vs ${exact.abandonRate} (±${4 * seAbandon})`,
    );
    assert.ok(
      Math.abs(q.asaSeconds - exact.asaSeconds) <= 4 * seAsa,
      `ASA ${q.asaSeconds} vs ${exact.asaSeconds} (±${4 * seAsa})`,
    );
  });
});
