import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DistributionStrategy, PreferenceRule } from '../queue/queue.types.ts';
import { createRng } from '../sim/rng.ts';
import { applyRule } from './preference-rules.ts';
import type { RoutingAgent, RoutingCall } from './routing.types.ts';
import { routeCall } from './routing-pipeline.ts';
import { applyStrategy, type StrategyState } from './strategies.ts';

const NOW = 1_000_000;
const ag = (id: string, p: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  number: p.number ?? id.replace('a', '10'),
  regions: [],
  skill: 5,
  idleSince: NOW - 1000,
  signedInAt: NOW - 100_000,
  answered: 10,
  talkMs: 600_000,
  ...p,
});
const call = (p: Partial<RoutingCall> = {}): RoutingCall => ({ id: 'c1', queueId: 'q', vip: false, ...p });
const pick = (s: DistributionStrategy, list: RoutingAgent[], state: StrategyState = {}, seed = 1) =>
  applyStrategy(s, list, createRng(seed), state, NOW).winner.id;

describe('distribution strategies', () => {
  it('longest idle picks the earliest idleSince; ties by agent number', () => {
    assert.equal(
      pick('longest-idle', [ag('a1', { idleSince: 500 }), ag('a2', { idleSince: 100 }), ag('a3', { idleSince: 900 })]),
      'a2',
    );
    assert.equal(pick('longest-idle', [ag('a3', { idleSince: 5 }), ag('a2', { idleSince: 5 })]), 'a2');
  });

  it('fewest answered; ties by longest idle', () => {
    assert.equal(
      pick('fewest-answered', [ag('a1', { answered: 3 }), ag('a2', { answered: 1 }), ag('a3', { answered: 2 })]),
      'a2',
    );
    assert.equal(
      pick('fewest-answered', [ag('a1', { answered: 1, idleSince: 9 }), ag('a2', { answered: 1, idleSince: 4 })]),
      'a2',
    );
  });

  it('login order picks the earliest sign-in', () => {
    assert.equal(
      pick('login-order', [ag('a1', { signedInAt: 30 }), ag('a2', { signedInAt: 40 }), ag('a3', { signedInAt: 10 })]),
      'a3',
    );
  });

  it('least talk time; ties by longest idle', () => {
    assert.equal(pick('least-talk-time', [ag('a1', { talkMs: 50 }), ag('a2', { talkMs: 20 }), ag('a3', { talkMs: 90 })]), 'a2');
    assert.equal(pick('least-talk-time', [ag('a1', { talkMs: 5, idleSince: 8 }), ag('a2', { talkMs: 5, idleSince: 2 })]), 'a2');
  });

  it('round robin walks agent numbers in rotation and wraps', () => {
    const list = [ag('a3'), ag('a1'), ag('a2')];
    const state: StrategyState = {};
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => pick('round-robin', list, state)),
      ['a1', 'a2', 'a3', 'a1', 'a2'],
    );
    // An agent missing from this round is skipped, the rotation continues after the last served number.
    assert.equal(pick('round-robin', [ag('a1'), ag('a2')], state), 'a1');
  });

  it('random is reproducible from the seed and spreads calls over everyone', () => {
    const list = [ag('a1'), ag('a2'), ag('a3'), ag('a4')];
    const rng = createRng(42);
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const w = applyStrategy('random', list, rng, {}, NOW).winner.id;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    for (const id of ['a1', 'a2', 'a3', 'a4'])
      assert.ok(Math.abs((counts.get(id) ?? 0) - 1000) < 150, `${id}: ${counts.get(id)}`);
    const again = createRng(42);
    assert.equal(
      applyStrategy('random', list, again, {}, NOW).winner.id,
      applyStrategy('random', list, createRng(42), {}, NOW).winner.id,
    );
  });

  it('refuses an empty candidate list', () => {
    assert.throws(() => pick('longest-idle', []), RangeError);
  });
});

describe('preference rules', () => {
  const list = [
    ag('a1', { regions: ['010'], skill: 3 }),
    ag('a2', { regions: ['021', '010'], skill: 7 }),
    ag('a3', { regions: ['021'], skill: 7 }),
  ];
  const ids = (r: PreferenceRule, c: RoutingCall, l = list) => applyRule(r, c, l).kept.map((a) => a.id);

  it('caller area keeps agents of the caller region, or everyone when none matches', () => {
    assert.deepEqual(ids('caller-area', call({ callerArea: '021' })), ['a2', 'a3']);
    assert.deepEqual(ids('caller-area', call({ callerArea: '0755' })), ['a1', 'a2', 'a3']);
    assert.deepEqual(ids('caller-area', call()), ['a1', 'a2', 'a3']);
  });

  it('last agent keeps that agent when idle', () => {
    assert.deepEqual(ids('last-agent', call({ lastAgentId: 'a3' })), ['a3']);
    assert.deepEqual(ids('last-agent', call({ lastAgentId: 'a9' })), ['a1', 'a2', 'a3']);
  });

  it('highest skill keeps the top level', () => {
    assert.deepEqual(ids('highest-skill', call()), ['a2', 'a3']);
  });

  it('dedicated agent keeps the customer own agent when idle', () => {
    assert.deepEqual(ids('dedicated-agent', call({ dedicatedAgentId: 'a1' })), ['a1']);
    assert.deepEqual(ids('dedicated-agent', call({ dedicatedAgentId: 'a7' })), ['a1', 'a2', 'a3']);
  });
});

describe('routing pipeline', () => {
  const list = [
    ag('a1', { regions: ['021'], skill: 9, idleSince: 900 }),
    ag('a2', { regions: ['021'], skill: 4, idleSince: 100 }),
    ag('a3', { regions: ['010'], skill: 9, idleSince: 50 }),
    ag('a4', { regions: ['021'], skill: 9, idleSince: 300 }),
  ];
  const route = (rules: PreferenceRule[], c: RoutingCall, strategy: DistributionStrategy = 'longest-idle') =>
    routeCall(c, list, { strategy, preferenceRules: rules }, { rng: createRng(1), state: {}, now: NOW, trigger: 'call-arrived' });

  it('strategy alone: longest idle overall', () => {
    assert.equal(route([], call()).winner?.id, 'a3');
  });

  it('rules apply in their configured order', () => {
    // area then skill: {a1,a2,a4} → {a1,a4} → longest idle a4
    assert.equal(route(['caller-area', 'highest-skill'], call({ callerArea: '021' })).winner?.id, 'a4');
    // skill then area: {a1,a3,a4} → {a1,a4} → a4 as well; with last agent first, a2 wins outright
    assert.equal(
      route(['last-agent', 'caller-area', 'highest-skill'], call({ callerArea: '021', lastAgentId: 'a2' })).winner?.id,
      'a2',
    );
    // area first then last agent: a3 is not in 021, so the last-agent rule is skipped and skill decides
    assert.equal(
      route(['caller-area', 'last-agent', 'highest-skill'], call({ callerArea: '021', lastAgentId: 'a3' })).winner?.id,
      'a4',
    );
    // last agent first: a3 wins despite the area
    assert.equal(route(['last-agent', 'caller-area'], call({ callerArea: '021', lastAgentId: 'a3' })).winner?.id, 'a3');
  });

  it('dedicated agent before everything else when listed first', () => {
    assert.equal(route(['dedicated-agent', 'highest-skill'], call({ dedicatedAgentId: 'a2' })).winner?.id, 'a2');
    assert.equal(route(['highest-skill', 'dedicated-agent'], call({ dedicatedAgentId: 'a2' })).winner?.id, 'a3');
  });

  it('the trace says which rule narrowed the candidates and why the winner won', () => {
    const d = route(['caller-area', 'highest-skill'], call({ callerArea: '021' }), 'fewest-answered');
    assert.deepEqual(
      d.trace.steps.map((s) => [s.step, s.count]),
      [
        ['eligible', 4],
        ['caller-area', 3],
        ['highest-skill', 2],
        ['fewest-answered', 1],
      ],
    );
    assert.deepEqual(d.trace.steps[2]?.kept, ['a1', 'a4']);
    assert.equal(d.trace.winner, d.winner?.id);
    assert.match(d.trace.reason, /caller-area → highest-skill narrowed 4 to 2/);
    assert.match(d.trace.reason, /fewest answered/);
  });

  it('no eligible agent: no winner, the trace says the call waits', () => {
    const d = routeCall(
      call(),
      [],
      { strategy: 'random', preferenceRules: ['caller-area'] },
      { rng: createRng(1), state: {}, now: NOW, trigger: 'call-arrived' },
    );
    assert.equal(d.winner, undefined);
    assert.match(d.trace.reason, /waits/);
  });
});
