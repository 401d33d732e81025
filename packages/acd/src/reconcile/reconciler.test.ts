import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agent, makeEngine, queue } from '../test-support.ts';
import type { LiveChannel } from './drift.ts';
import { createReconciler } from './reconciler.ts';

function setup() {
  const t = makeEngine({ rules: { wrapUpMs: 10_000 } });
  t.engine.upsertQueue(queue('q', { ringTimeMs: 600_000 }));
  for (const id of ['a1', 'a2', 'a3']) t.engine.upsertAgent(agent(id, { q: 1 }));
  let live: LiveChannel[] = [];
  const rec = createReconciler({
    engine: t.engine,
    port: { liveChannels: async () => live },
    clock: t.clock,
    logger: t.logger,
    graceMs: 5_000,
  });
  const setLive = (l: LiveChannel[]): void => {
    live = l;
  };
  return { ...t, rec, setLive };
}

describe('reconciliation', () => {
  it('ends a conversation the switch no longer has, and leaves young state alone', async () => {
    const { engine, clock, rec, setLive, of, logger } = setup();
    engine.signIn('a1', { extension: '1' });
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    engine.answered('a1', 'c1');
    setLive([]);
    assert.deepEqual(await rec.runOnce(), [], 'inside the grace period nothing is repaired');
    clock.advance(5_000);
    const repairs = await rec.runOnce();
    assert.deepEqual(
      repairs.map((r) => [r.drift.kind, r.ok]),
      [['agent-call-gone', true]],
    );
    assert.equal(engine.agent('a1').state, 'wrap-up');
    assert.equal(of('reconcile.repair')[0]?.agentId, 'a1');
    assert.ok(logger.entries.some((e) => e.msg === 'reconcile repair'));
  });

  it('drops a queued call nobody has any more', async () => {
    const { engine, clock, rec, setLive } = setup();
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    setLive([]);
    clock.advance(6_000);
    const repairs = await rec.runOnce();
    assert.deepEqual(
      repairs.map((r) => r.drift.kind),
      ['queued-call-gone'],
    );
    assert.equal(engine.call('c1'), undefined);
  });

  it('applies an answer the ACD missed and adopts unknown calls', async () => {
    const { engine, clock, rec, setLive } = setup();
    engine.signIn('a1', { extension: '1' });
    engine.signIn('a2', { extension: '2' });
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    const agentId = engine.call('c1')?.agentId as string;
    const other = agentId === 'a1' ? 'a2' : 'a1';
    engine.ringing(agentId, 'c1');
    setLive([
      { callId: 'c1', phase: 'talking', agentId },
      { callId: 'x9', phase: 'talking', agentId: other },
      { callId: 'q7', phase: 'queued', queueId: 'q', caller: '777' },
    ]);
    clock.advance(6_000);
    const kinds = (await rec.runOnce()).map((r) => r.drift.kind).sort();
    assert.deepEqual(kinds, ['answer-missed', 'unknown-queued-call', 'untracked-talk']);
    assert.equal(engine.agent(agentId).state, 'talking');
    assert.equal(engine.agent(other).state, 'talking');
    assert.equal(engine.agent(other).callId, 'x9');
    assert.equal(engine.call('q7')?.status, 'waiting');
  });

  it('frees an agent held by a call the ACD does not know, and applies overdue time-outs', async () => {
    const { engine, clock, rec, setLive } = setup();
    engine.signIn('a1', { extension: '1' });
    engine.signIn('a2', { extension: '2' });
    const ctx = engine.internals();
    // Simulate drift that the timers cannot see: a lost call record and a lost timer.
    const a1 = ctx.registry.get('a1');
    ctx.registry.move(a1, 'talking', { cause: 'test', callId: 'ghost' });
    const a2 = ctx.registry.get('a2');
    ctx.registry.move(a2, 'busy', { cause: 'test' });
    clock.clearTimeout(a2.timer);
    a2.deadline = clock.now() + 1_000;
    setLive([{ callId: 'ghost', phase: 'talking', agentId: 'a1' }]);
    clock.advance(6_000);
    const kinds = (await rec.runOnce()).map((r) => r.drift.kind).sort();
    assert.deepEqual(kinds, ['agent-call-unknown', 'state-overdue']);
    assert.equal(engine.agent('a1').state, 'idle');
    assert.equal(engine.agent('a2').state, 'signed-out');
  });

  it('runs periodically once started and stops cleanly', async () => {
    const { engine, clock, setLive, rec } = setup();
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    setLive([]);
    rec.start();
    clock.advance(30_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(engine.call('c1'), undefined);
    rec.stop();
  });
});
