import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError, VirtualClock } from '@rexian/kernel';
import { AcdErrorCode } from '../errors.ts';
import type { AcdEventInput } from '../events.ts';
import { agent } from '../test-support.ts';
import { AgentRegistry } from './agent-registry.ts';
import { DEFAULT_AGENT_RULES } from './agent-rules.ts';
import { AGENT_STATES, type AgentState, agentTransitions } from './agent-state.ts';

function registryAt(state: AgentState) {
  const clock = new VirtualClock(1_000_000);
  const emitted: AcdEventInput[] = [];
  const reg = new AgentRegistry({
    clock,
    rules: DEFAULT_AGENT_RULES,
    hooks: { emit: (e) => emitted.push(e), onTimeout: () => {}, onAvailable: () => {} },
  });
  reg.upsert(agent('a1', { q: 1 }));
  const a = reg.get('a1');
  a.state = state; // put the agent in `from` directly: this test is about the table, not how it got there
  a.since = clock.now() - 5_000;
  a.callId = 'c1';
  return { reg, a, emitted, clock };
}

describe('agent transition table', () => {
  const legal = AGENT_STATES.flatMap((from) =>
    (agentTransitions[from] as readonly AgentState[]).map((to) => [from, to] as const),
  );
  const illegal = AGENT_STATES.flatMap((from) =>
    AGENT_STATES.filter((to) => !(agentTransitions[from] as readonly AgentState[]).includes(to)).map((to) => [from, to] as const),
  );

  it('covers every pair of states exactly once', () => {
    assert.equal(legal.length + illegal.length, AGENT_STATES.length ** 2);
    assert.ok(illegal.length > 30, 'the table forbids a substantial set of moves');
  });

  for (const [from, to] of legal) {
    it(`allows ${from} -> ${to}, timestamped and emitted`, () => {
      const { reg, a, emitted, clock } = registryAt(from);
      reg.move(a, to, { cause: 'test', callId: 'c1' });
      assert.equal(a.state, to);
      assert.equal(a.since, clock.now());
      const e = emitted.at(-1);
      assert.ok(e && e.type === 'agent.state');
      assert.equal(e.from, from);
      assert.equal(e.to, to);
      assert.equal(e.durationMs, 5_000);
      assert.equal(e.cause, 'test');
    });
  }

  for (const [from, to] of illegal) {
    it(`refuses ${from} -> ${to} with ACD_ILLEGAL_TRANSITION`, () => {
      const { reg, a, emitted } = registryAt(from);
      assert.throws(
        () => reg.move(a, to, { cause: 'test' }),
        (e: unknown) =>
          isAppError(e) && e.code === AcdErrorCode.illegalTransition && e.category === 'conflict' && e.details?.to === to,
      );
      assert.equal(a.state, from, 'state unchanged');
      assert.equal(emitted.length, 0, 'nothing emitted');
    });
  }

  it('gives every state except idle and signed-out an owner and a deadline', () => {
    for (const [from, to] of legal) {
      if (to === 'idle' || to === 'signed-out') continue;
      const { reg, a } = registryAt(from);
      reg.move(a, to, { cause: 'test', callId: 'c1', ...(to === 'ringing' ? { timeoutMs: 20_000 } : {}) });
      assert.notEqual(a.owner.kind, 'none', `${from} -> ${to} has an owner`);
      assert.ok(a.deadline !== undefined && a.deadline > a.since, `${from} -> ${to} has a deadline`);
    }
  });
});
