/**
 * Closed-form queueing results used to check the simulator and to help workforce planners.
 * Erlang C: M/M/N, callers never abandon. Erlang A: M/M/N+M, exponential patience (Palm's model).
 * Rates per second; AHT and patience in seconds.
 */

export interface ErlangCResult {
  /** Probability that a caller waits at all. */
  readonly pWait: number;
  /** P(wait ≤ T): with no abandonment every caller is answered, so this is answered within T ÷ offered. */
  readonly serviceLevel: number;
  /** Mean wait (all callers are answered, so this is the ASA). */
  readonly asaSeconds: number;
  readonly occupancy: number;
}

/** Erlang B by the stable recursion B(k) = A·B(k−1) / (k + A·B(k−1)). */
export function erlangB(servers: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

export function erlangC(opts: {
  callsPerHour: number;
  ahtSeconds: number;
  agents: number;
  thresholdSeconds: number;
}): ErlangCResult {
  const { agents: n, ahtSeconds: aht, thresholdSeconds: t } = opts;
  const load = (opts.callsPerHour / 3600) * aht;
  if (load >= n) return { pWait: 1, serviceLevel: 0, asaSeconds: Number.POSITIVE_INFINITY, occupancy: 1 };
  const b = erlangB(n, load);
  const c = (n * b) / (n - load * (1 - b));
  return {
    pWait: c,
    serviceLevel: 1 - c * Math.exp((-(n - load) * t) / aht),
    asaSeconds: (c * aht) / (n - load),
    occupancy: load / n,
  };
}

export interface ErlangAResult {
  readonly pWait: number;
  /** Fraction of callers who abandon: θ·E[queue length] / λ. */
  readonly abandonRate: number;
  /** The same fraction computed from each arriving caller's race against its own patience (a cross-check). */
  readonly abandonRateByRace: number;
  /** Mean wait of answered callers. */
  readonly asaSeconds: number;
  readonly meanQueueLength: number;
}

/**
 * Erlang A from the birth–death chain: birth rate λ, death rate min(n,N)μ + max(0,n−N)θ; the chain is
 * summed until its terms vanish (the tail decays faster than geometrically because abandonment grows
 * with the queue). A caller finding k others waiting is served after k+1 stages of rates Nμ + jθ
 * (j = k … 0) unless its own patience (rate θ) runs out first; E[e^{−θV}] and E[V e^{−θV}] of that
 * hypoexponential V give P(served) and the answered callers' mean wait in closed form.
 */
export function erlangA(opts: {
  callsPerHour: number;
  ahtSeconds: number;
  patienceSeconds: number;
  agents: number;
}): ErlangAResult {
  const lambda = opts.callsPerHour / 3600;
  const mu = 1 / opts.ahtSeconds;
  const theta = 1 / opts.patienceSeconds;
  const n = opts.agents;
  const weights: number[] = [1];
  for (let k = 1; k <= n; k++) weights.push(((weights[k - 1] as number) * lambda) / (k * mu));
  for (let k = n + 1; ; k++) {
    const w = ((weights[k - 1] as number) * lambda) / (n * mu + (k - n) * theta);
    weights.push(w);
    if (w < 1e-18 * weights.reduce((a, b) => Math.max(a, b), 0) && k > n + 10) break;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const p = weights.map((w) => w / total);
  let pWait = 0;
  let meanQueue = 0;
  let served = 0;
  let servedWaitSum = 0;
  let survive = 1;
  let stageSum = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k] as number;
    if (k < n) {
      served += pk;
      continue;
    }
    pWait += pk;
    meanQueue += (k - n) * pk;
    // A caller arriving at state k (k ≥ N) has j = k − N callers ahead; add the stage with j ahead.
    const rate = n * mu + (k - n) * theta;
    survive *= rate / (rate + theta);
    stageSum += 1 / (rate + theta);
    served += pk * survive;
    servedWaitSum += pk * survive * stageSum;
  }
  return {
    pWait,
    abandonRate: (theta * meanQueue) / lambda,
    abandonRateByRace: 1 - served,
    asaSeconds: servedWaitSum / served,
    meanQueueLength: meanQueue,
  };
}

/**
 * Staffing: the fewest agents whose Erlang C service level reaches `targetServiceLevel` (and whose ASA,
 * when `maxAsaSeconds` is given, does not exceed it). A first cut for planners; the simulator then checks
 * it with the real routing, wrap-up, abandonment and several queues.
 */
export function requiredAgents(opts: {
  callsPerHour: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  targetServiceLevel: number;
  maxAsaSeconds?: number;
}): { agents: number; result: ErlangCResult } {
  const load = (opts.callsPerHour / 3600) * opts.ahtSeconds;
  for (let n = Math.max(1, Math.floor(load) + 1); ; n++) {
    const result = erlangC({ ...opts, agents: n });
    if (
      result.serviceLevel >= opts.targetServiceLevel &&
      (opts.maxAsaSeconds === undefined || result.asaSeconds <= opts.maxAsaSeconds)
    ) {
      return { agents: n, result };
    }
  }
}
