import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { createRng } from '../sim/rng.ts';
import { agent, makeEngine, queue } from '../test-support.ts';

/**
 * Random walks through the engine's commands (the way a noisy switch and impatient agents would drive
 * it), checking after every step that the ACD's books balance and nobody is stuck. Commands refused
 * with a typed AppError are fine; any other exception or a broken invariant fails the test.
 */
function walk(seed: number, steps: number) {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  const t = makeEngine({
    rules: { wrapUpMs: 5_000, minBusyMs: 3_000, rejectIntervalMs: 2_000, retentionMs: 10_000, idleReminderMs: 60_000 },
    seed,
  });
  const { engine, clock } = t;
  const queues = ['q1', 'q2', 'q3'];
  engine.upsertQueue(queue('q1', { maxWaitMs: 40_000, onMaxWait: { kind: 'queue', queueId: 'q2' }, ringTimeMs: 8_000 }));
  engine.upsertQueue(
    queue('q2', {
      maxLength: 4,
      onMaxLength: { kind: 'voicemail' },
      strategy: 'round-robin',
      preferenceRules: ['highest-skill'],
    }),
  );
  engine.upsertQueue(queue('q3', { noAgentMaxWaitMs: 20_000, onNoAgent: { kind: 'hangup' }, strategy: 'random', priority: 2 }));
  const agents = ['a1', 'a2', 'a3', 'a4', 'a5'];
  agents.forEach((id, i) => {
    engine.upsertAgent(agent(id, { q1: i, q2: 9 - i, ...(i % 2 ? { q3: 5 } : {}) }));
  });
  let n = 0;
  const liveCalls = () => engine.calls().map((c) => c.id);
  const ops: (() => void)[] = [
    () => engine.signIn(pick(agents), { extension: 'x' }),
    () => engine.signOut(pick(agents), rng.next() < 0.5 ? undefined : { kind: 'supervisor', id: 's' }),
    () => engine.setBusy(pick(agents)),
    () => engine.setIdle(pick(agents)),
    () => engine.setAway(pick(agents)),
    () => engine.endWrapUp(pick(agents)),
    () => engine.disconnect(pick(agents)),
    () => engine.reconnect(pick(agents)),
    () => engine.enqueue({ id: `c${++n}`, caller: `${n % 7}`, queueId: pick(queues), vip: rng.next() < 0.2 }),
    () => engine.enqueue({ id: `c${++n}`, caller: `${n % 7}`, queueId: pick(queues) }),
    () => {
      const a = engine.agent(pick(agents));
      if (a.callId) engine.ringing(a.id, a.callId);
    },
    () => {
      const a = engine.agent(pick(agents));
      if (a.callId) engine.answered(a.id, a.callId);
    },
    () => {
      const a = engine.agent(pick(agents));
      if (a.callId) engine.rejected(a.id, a.callId);
    },
    () => {
      const ids = liveCalls();
      if (ids.length > 0) engine.hungUp(pick(ids));
    },
    () => engine.outboundStarted(pick(agents), `o${++n}`, '139'),
    () => clock.advance(Math.floor(rng.next() * 15_000)),
  ];
  for (let i = 0; i < steps; i++) {
    try {
      pick(ops)();
    } catch (e) {
      if (!isAppError(e) || e.kind === 'bug') throw e;
    }
    try {
      checkInvariants(engine, clock.now());
    } catch (e) {
      if (process.env.ACD_DEBUG)
        console.log(
          JSON.stringify(t.events.slice(-8), null, 0),
          engine.agents().map((a) => [a.id, a.state, a.callId]),
          engine.calls(),
        );
      throw e;
    }
  }
  // Finally, let every timer run out: with no more input nobody may be left on a call or in a timed state.
  for (const id of agents) {
    const a = engine.agent(id);
    if (a.state === 'talking' && a.callId) engine.hungUp(a.callId);
  }
  for (const c of liveCalls()) engine.hungUp(c);
  clock.advance(24 * 3_600_000);
  for (const a of engine.agents()) assert.ok(a.state === 'idle' || a.state === 'signed-out', `${a.id} ended in ${a.state}`);
  assert.equal(engine.calls().length, 0);
  return t.events.length;
}

function checkInvariants(engine: ReturnType<typeof makeEngine>['engine'], now: number): void {
  const calls = new Map(engine.calls().map((c) => [c.id, c]));
  for (const a of engine.agents()) {
    if (a.state !== 'idle' && a.state !== 'signed-out') {
      assert.ok(a.deadline !== undefined && a.deadline >= now, `${a.id} in ${a.state} has a future deadline`);
      assert.notEqual(a.owner.kind, 'none', `${a.id} in ${a.state} has an owner`);
    }
    if (a.state === 'reserved' || a.state === 'ringing') {
      const c = a.callId === undefined ? undefined : calls.get(a.callId);
      assert.ok(c && c.status === 'offered' && c.agentId === a.id, `${a.id} ${a.state} holds an offered call`);
    }
  }
  for (const c of calls.values()) {
    if (c.status === 'offered') {
      const a = engine.agent(c.agentId as string);
      assert.ok((a.state === 'reserved' || a.state === 'ringing') && a.callId === c.id, `offered ${c.id} has its agent`);
    }
    if (c.status === 'waiting') {
      // Routing is work-conserving: a caller never waits while a reachable member of its queue is idle.
      const idle = engine.queueStatus(c.queueId as string).idleAgents;
      assert.equal(idle, 0, `waiting ${c.id} while ${idle} agent(s) idle in ${c.queueId}`);
    }
  }
}

describe('engine invariants under random commands', () => {
  for (let seed = 1; seed <= 24; seed++) {
    it(`seed ${seed}: books balance after every step and nobody stays stuck`, () => {
      const events = walk(seed, 1_500);
      assert.ok(events > 500, `the walk did something (${events} events)`);
    });
  }
});
