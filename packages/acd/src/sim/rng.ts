import type { Rng } from '../routing/routing.types.ts';

/**
 * xoshiro128** seeded through splitmix32: small, fast and good enough for queueing simulation, and —
 * unlike Math.random — reproducible from a seed, so a scenario gives the same figures on every run.
 */
export function createRng(seed: number): Rng & { nextU32(): number } {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return { nextU32, next: () => nextU32() / 4294967296 };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Time distributions a scenario may name. Means and deviations in seconds. */
export type Distribution =
  | { readonly distribution: 'exponential'; readonly meanSeconds: number }
  | { readonly distribution: 'lognormal'; readonly meanSeconds: number; readonly sdSeconds: number }
  | { readonly distribution: 'constant'; readonly seconds: number };

/** A sampler returning milliseconds. */
export function sampler(d: Distribution, rng: Rng): () => number {
  switch (d.distribution) {
    case 'exponential': {
      const mean = d.meanSeconds * 1000;
      return () => -Math.log(1 - rng.next()) * mean;
    }
    case 'lognormal': {
      // Parameters of the underlying normal from the wanted mean m and deviation s:
      // σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
      const m = d.meanSeconds;
      const sigma2 = Math.log(1 + (d.sdSeconds * d.sdSeconds) / (m * m));
      const mu = Math.log(m) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return () => Math.exp(mu + sigma * standardNormal(rng)) * 1000;
    }
    case 'constant': {
      const ms = d.seconds * 1000;
      return () => ms;
    }
  }
}

/** Box–Muller; one of the pair is discarded for simplicity. */
function standardNormal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
