import type { DistributionStrategy } from '../queue/queue.types.ts';
import type { Rng, RoutingAgent } from './routing.types.ts';

/** Per-queue memory some strategies need (round robin's cursor). Plain data so it can be stored. */
export interface StrategyState {
  lastNumber?: string;
}

export interface StrategyPick {
  readonly winner: RoutingAgent;
  readonly reason: string;
}

type Compare = (a: RoutingAgent, b: RoutingAgent) => number;

/** Agent number, then id: the deterministic final tie-break everywhere. */
const byNumber: Compare = (a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byIdleSince: Compare = (a, b) => a.idleSince - b.idleSince || byNumber(a, b);

const ORDER: Record<Exclude<DistributionStrategy, 'random' | 'round-robin'>, Compare> = {
  'longest-idle': byIdleSince,
  'fewest-answered': (a, b) => a.answered - b.answered || byIdleSince(a, b),
  'login-order': (a, b) => a.signedInAt - b.signedInAt || byNumber(a, b),
  'least-talk-time': (a, b) => a.talkMs - b.talkMs || byIdleSince(a, b),
};

function best(candidates: readonly RoutingAgent[], cmp: Compare): RoutingAgent {
  let w = candidates[0] as RoutingAgent;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i] as RoutingAgent;
    if (cmp(c, w) < 0) w = c;
  }
  return w;
}

/**
 * Picks exactly one agent from a non-empty candidate list. Ties are broken as documented in the
 * README: fewest-answered and least-talk-time fall back to longest idle, everything to agent number.
 */
export function applyStrategy(
  strategy: DistributionStrategy,
  candidates: readonly RoutingAgent[],
  rng: Rng,
  state: StrategyState,
  now: number,
): StrategyPick {
  if (candidates.length === 0) throw new RangeError('applyStrategy needs at least one candidate');
  switch (strategy) {
    case 'random': {
      const sorted = [...candidates].sort(byNumber);
      const i = Math.min(sorted.length - 1, Math.floor(rng.next() * sorted.length));
      const winner = sorted[i] as RoutingAgent;
      return { winner, reason: `random draw ${i + 1} of ${sorted.length}` };
    }
    case 'round-robin': {
      const sorted = [...candidates].sort(byNumber);
      const last = state.lastNumber;
      const winner = (last === undefined ? undefined : sorted.find((a) => a.number > last)) ?? (sorted[0] as RoutingAgent);
      state.lastNumber = winner.number;
      return { winner, reason: `next agent number after ${last ?? '(start)'} in rotation` };
    }
    case 'longest-idle': {
      const winner = best(candidates, ORDER[strategy]);
      return { winner, reason: `idle longest (${Math.round((now - winner.idleSince) / 1000)} s)` };
    }
    case 'fewest-answered': {
      const winner = best(candidates, ORDER[strategy]);
      return { winner, reason: `fewest answered (${winner.answered})` };
    }
    case 'login-order': {
      const winner = best(candidates, ORDER[strategy]);
      return { winner, reason: `earliest sign-in (${new Date(winner.signedInAt).toISOString()})` };
    }
    case 'least-talk-time': {
      const winner = best(candidates, ORDER[strategy]);
      return { winner, reason: `least talk time (${Math.round(winner.talkMs / 1000)} s)` };
    }
  }
}
