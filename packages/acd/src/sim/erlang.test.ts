import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erlangA, erlangB, erlangC, requiredAgents } from './erlang.ts';

describe('Erlang closed forms', () => {
  it('Erlang C: 200 calls/h, AHT 180 s, T = 20 s → the published service levels and ASAs', () => {
    const expected = [
      [11, 0.39, 122.8],
      [13, 0.796, 17.1],
      [14, 0.888, 7.8],
    ] as const;
    for (const [agents, sl, asa] of expected) {
      const r = erlangC({ callsPerHour: 200, ahtSeconds: 180, agents, thresholdSeconds: 20 });
      assert.equal(Math.round(r.serviceLevel * 1000) / 1000, sl, `SL with ${agents} agents: ${r.serviceLevel}`);
      assert.equal(Math.round(r.asaSeconds * 10) / 10, asa, `ASA with ${agents} agents: ${r.asaSeconds}`);
    }
  });

  it('Erlang B recursion matches the direct formula', () => {
    const direct = (n: number, a: number) => {
      let num = 1;
      let sum = 1;
      for (let k = 1; k <= n; k++) {
        num = (num * a) / k;
        sum += num;
      }
      return num / sum;
    };
    for (const [n, a] of [
      [1, 0.5],
      [5, 3],
      [11, 10],
      [30, 25],
    ] as const)
      assert.ok(Math.abs(erlangB(n, a) - direct(n, a)) < 1e-12);
  });

  it('overloaded Erlang C reports an infinite wait, not a negative one', () => {
    const r = erlangC({ callsPerHour: 400, ahtSeconds: 180, agents: 20, thresholdSeconds: 20 });
    assert.equal(r.asaSeconds, Number.POSITIVE_INFINITY);
    assert.equal(r.serviceLevel, 0);
  });

  it('Erlang A: both abandonment computations agree, and very patient callers give Erlang C', () => {
    for (const [agents, patience] of [
      [9, 60],
      [11, 120],
      [13, 300],
    ] as const) {
      const r = erlangA({ callsPerHour: 200, ahtSeconds: 180, agents, patienceSeconds: patience });
      assert.ok(
        Math.abs(r.abandonRate - r.abandonRateByRace) < 1e-9,
        `${agents}/${patience}: ${r.abandonRate} vs ${r.abandonRateByRace}`,
      );
      assert.ok(r.abandonRate > 0 && r.abandonRate < 1);
    }
    const a = erlangA({ callsPerHour: 200, ahtSeconds: 180, agents: 13, patienceSeconds: 1e9 });
    const c = erlangC({ callsPerHour: 200, ahtSeconds: 180, agents: 13, thresholdSeconds: 20 });
    assert.ok(Math.abs(a.pWait - c.pWait) < 1e-5);
    assert.ok(Math.abs(a.asaSeconds - c.asaSeconds) / c.asaSeconds < 1e-4);
  });

  it('Erlang A stays finite when arrivals exceed capacity (abandonment stabilises the queue)', () => {
    const r = erlangA({ callsPerHour: 400, ahtSeconds: 180, agents: 15, patienceSeconds: 60 });
    // At least the excess load must abandon: 1 − N/A = 1 − 15/20.
    assert.ok(r.abandonRate > 0.25 && r.abandonRate < 0.6, String(r.abandonRate));
  });

  it('staffing: the fewest agents for an 80/20 target is 14 (13 gives 79.6 %)', () => {
    const r = requiredAgents({ callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.8 });
    assert.equal(r.agents, 14);
    assert.equal(
      requiredAgents({ callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.79 }).agents,
      13,
    );
    assert.equal(
      requiredAgents({ callsPerHour: 200, ahtSeconds: 180, thresholdSeconds: 20, targetServiceLevel: 0.3, maxAsaSeconds: 10 })
        .agents,
      14,
      'the ASA bound (7.8 s needs 14) dominates the service level target here',
    );
  });
});
