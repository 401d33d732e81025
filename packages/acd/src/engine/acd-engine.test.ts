import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { AcdErrorCode } from '../errors.ts';
import { createRng } from '../sim/rng.ts';
import { agent, makeEngine, queue } from '../test-support.ts';
import { AcdEngine } from './acd-engine.ts';

describe('queues', () => {
  it('VIP callers go ahead of earlier normal callers (CTI list, global and per queue)', () => {
    const { engine, clock } = makeEngine();
    engine.upsertQueue(queue('q', { vipEnabled: true }));
    engine.upsertQueue(queue('other', { vipEnabled: true }));
    engine.setVipList([
      { number: '100', global: true, queueIds: [] },
      { number: '200', global: false, queueIds: ['other'] },
    ]);
    engine.upsertAgent(agent('a1', { q: 5 }));
    engine.enqueue({ id: 'n1', caller: '555', queueId: 'q' });
    clock.advance(1000);
    engine.enqueue({ id: 'p1', caller: '200', queueId: 'q' });
    engine.enqueue({ id: 'v1', caller: '100', queueId: 'q' });
    assert.equal(engine.call('v1')?.vip, true);
    assert.equal(engine.call('p1')?.vip, false, '200 is VIP only in queue "other"');
    engine.signIn('a1', { extension: '801' });
    assert.equal(engine.call('v1')?.status, 'offered');
    assert.equal(engine.call('n1')?.status, 'waiting');
  });

  it('max wait overflows to another queue, which counts its own wait', () => {
    const { engine, clock, of } = makeEngine();
    engine.upsertQueue(queue('q', { maxWaitMs: 60_000, onMaxWait: { kind: 'queue', queueId: 'backup' } }));
    engine.upsertQueue(queue('backup'));
    engine.upsertAgent(agent('a1', { backup: 1 }));
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    clock.advance(60_000);
    const o = of('call.overflowed');
    assert.deepEqual(
      o.map((e) => [e.reason, e.action.kind, e.waitMs]),
      [['max-wait', 'queue', 60_000]],
    );
    assert.equal(engine.call('c1')?.queueId, 'backup');
    clock.advance(5_000);
    engine.signIn('a1', { extension: '801' });
    engine.answered('a1', 'c1');
    assert.equal(of('call.answered')[0]?.waitMs, 5_000);
    assert.equal(of('call.queued').at(-1)?.overflowFrom, 'q');
  });

  it('max wait overflow to voicemail removes the call and cancels a pending offer', () => {
    const { engine, clock, of } = makeEngine({ rules: { reserveTimeoutMs: 120_000 } });
    engine.upsertQueue(queue('q', { maxWaitMs: 30_000, onMaxWait: { kind: 'voicemail', mailbox: '9000' }, ringTimeMs: 60_000 }));
    engine.upsertAgent(agent('a1', { q: 1 }));
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.ringing('a1', 'c1');
    clock.advance(30_000);
    assert.equal(of('call.overflowed')[0]?.action.kind, 'voicemail');
    assert.equal(engine.call('c1'), undefined);
    assert.equal(engine.agent('a1').state, 'idle');
  });

  it('max length sends the extra caller to the configured action at once', () => {
    const { engine, of } = makeEngine();
    engine.upsertQueue(queue('q', { maxLength: 2, onMaxLength: { kind: 'ivr', ivrId: 'menu' } }));
    for (const id of ['c1', 'c2', 'c3']) engine.enqueue({ id, caller: id, queueId: 'q' });
    assert.deepEqual(
      of('call.overflowed').map((e) => [e.callId, e.reason, e.action]),
      [['c3', 'max-length', { kind: 'ivr', ivrId: 'menu' }]],
    );
    assert.equal(engine.queueStatus('q').waiting, 2);
  });

  it('no-agent max wait runs only while nobody is signed in', () => {
    const { engine, clock, of } = makeEngine();
    engine.upsertQueue(queue('q', { noAgentMaxWaitMs: 10_000, onNoAgent: { kind: 'hangup' } }));
    engine.upsertAgent(agent('a1', { q: 1 }));
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    clock.advance(5_000);
    engine.signIn('a1', { extension: '801', initial: 'busy' });
    engine.enqueue({ id: 'c2', caller: '2', queueId: 'q' });
    clock.advance(20_000);
    assert.equal(of('call.overflowed').length, 0, 'a signed-in (busy) agent stops the no-agent timer');
    engine.signOut('a1');
    clock.advance(9_999);
    assert.equal(of('call.overflowed').length, 0);
    clock.advance(1);
    assert.deepEqual(
      of('call.overflowed').map((e) => [e.callId, e.reason]),
      [
        ['c1', 'no-agent'],
        ['c2', 'no-agent'],
      ],
    );
  });

  it('overflow loops stop at the hop limit with a hang-up', () => {
    const { engine, clock, of, logger } = makeEngine();
    engine.upsertQueue(queue('a', { maxWaitMs: 1_000, onMaxWait: { kind: 'queue', queueId: 'b' } }));
    engine.upsertQueue(queue('b', { maxWaitMs: 1_000, onMaxWait: { kind: 'queue', queueId: 'a' } }));
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'a' });
    clock.advance(10_000);
    assert.deepEqual(
      of('call.overflowed').map((e) => e.action.kind),
      ['queue', 'queue', 'queue', 'hangup'],
    );
    assert.equal(engine.call('c1'), undefined);
    assert.ok(logger.entries.some((e) => e.level === 'warn' && /hop limit/.test(e.msg ?? '')));
  });

  it('announces position at the interval and the agent number on connect', () => {
    const { engine, clock, of } = makeEngine();
    engine.upsertQueue(queue('q', { announcePosition: true, positionIntervalMs: 30_000, announceAgentNumber: true }));
    engine.upsertAgent(agent('a7', { q: 1 }, { number: '8007' }));
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    engine.enqueue({ id: 'c2', caller: '2', queueId: 'q' });
    clock.advance(30_000);
    assert.deepEqual(
      of('call.position').map((e) => [e.callId, e.position]),
      [
        ['c1', 1],
        ['c2', 2],
      ],
    );
    engine.signIn('a7', { extension: '801' });
    engine.answered('a7', 'c1');
    clock.advance(30_000);
    assert.deepEqual(
      of('call.position')
        .slice(2)
        .map((e) => [e.callId, e.position]),
      [['c2', 1]],
    );
    assert.equal(of('call.answered')[0]?.announceAgentNumber, '8007');
  });

  it('reserved idle agents are withheld from the dialer', () => {
    const { engine } = makeEngine();
    engine.upsertQueue(queue('q', { reservedIdleAgents: 2 }));
    for (const id of ['a1', 'a2', 'a3']) {
      engine.upsertAgent(agent(id, { q: 1 }));
      engine.signIn(id, { extension: id });
    }
    assert.equal(engine.queueStatus('q').availableForDialer, 1);
    engine.setBusy('a1');
    assert.equal(engine.queueStatus('q').availableForDialer, 0);
  });

  it('a rejected call keeps its place ahead of later callers', () => {
    const { engine, clock } = makeEngine({ rules: { rejectIntervalMs: 60_000 } });
    engine.upsertQueue(queue('q'));
    engine.upsertAgent(agent('a1', { q: 1 }));
    engine.upsertAgent(agent('a2', { q: 1 }));
    engine.signIn('a1', { extension: '1' });
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    clock.advance(1_000);
    engine.enqueue({ id: 'c2', caller: '2', queueId: 'q' });
    engine.rejected('a1', 'c1');
    engine.signIn('a2', { extension: '2' });
    assert.equal(engine.call('c1')?.agentId, 'a2');
  });

  it('remembers the last agent per caller for the last-agent rule', () => {
    const { engine } = makeEngine();
    engine.upsertQueue(queue('q', { preferenceRules: ['last-agent'], strategy: 'login-order' }));
    engine.upsertAgent(agent('a1', { q: 1 }));
    engine.upsertAgent(agent('a2', { q: 1 }));
    engine.signIn('a1', { extension: '1' });
    engine.signIn('a2', { extension: '2' });
    engine.setBusy('a1');
    engine.enqueue({ id: 'c1', caller: '13800000000', queueId: 'q' });
    engine.answered('a2', 'c1');
    engine.hungUp('c1');
    engine.endWrapUp('a2');
    engine.setIdle('a1');
    engine.enqueue({ id: 'c2', caller: '13800000000', queueId: 'q' });
    assert.equal(engine.call('c2')?.agentId, 'a2', 'login order alone would pick a1');
    const trace = engine.traceFor('c2');
    assert.equal(trace.length, 1);
    assert.equal(trace[0]?.steps[1]?.step, 'last-agent');
    assert.equal(trace[0]?.winner, 'a2');
  });

  it('refuses unknown queues, duplicate calls and answers from the wrong agent with typed errors', () => {
    const { engine } = makeEngine();
    engine.upsertQueue(queue('q'));
    engine.upsertAgent(agent('a1', { q: 1 }));
    engine.upsertAgent(agent('a2', { q: 1 }));
    engine.signIn('a1', { extension: '1' });
    const is = (c: string) => (e: unknown) => isAppError(e) && e.code === c;
    assert.throws(() => engine.enqueue({ id: 'x', caller: '1', queueId: 'nope' }), is(AcdErrorCode.queueNotFound));
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    assert.throws(() => engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' }), is(AcdErrorCode.duplicateCall));
    assert.throws(() => engine.answered('a2', 'c1'), is(AcdErrorCode.callNotOffered));
    assert.throws(() => engine.answered('a1', 'zz'), is(AcdErrorCode.callNotFound));
    assert.equal(engine.hungUp('unknown'), false);
  });
});

describe('agents in several queues', () => {
  function setup() {
    const t = makeEngine();
    t.engine.upsertQueue(queue('sales', { priority: 0 }));
    t.engine.upsertQueue(queue('support', { priority: 0 }));
    t.engine.upsertQueue(queue('gold', { priority: 5 }));
    t.engine.upsertAgent(agent('a1', { sales: 3, support: 8, gold: 1 }));
    return t;
  }

  it('order: VIP, then queue priority, then agent skill, then longest wait, then queue id', () => {
    const { engine, clock } = setup();
    engine.enqueue({ id: 's1', caller: '1', queueId: 'sales' });
    clock.advance(1_000);
    engine.enqueue({ id: 'p1', caller: '2', queueId: 'support' });
    clock.advance(1_000);
    engine.enqueue({ id: 'g1', caller: '3', queueId: 'gold' });
    clock.advance(1_000);
    engine.enqueue({ id: 'v1', caller: '4', queueId: 'sales', vip: true });
    const served: string[] = [];
    engine.signIn('a1', { extension: '1' });
    for (let i = 0; i < 4; i++) {
      const c = engine.calls().find((x) => x.status === 'offered');
      assert.ok(c);
      served.push(c.id);
      engine.answered('a1', c.id);
      engine.hungUp(c.id);
      engine.endWrapUp('a1');
    }
    // v1: VIP; g1: higher queue priority; p1: skill 8 in support beats 3 in sales although s1 waited longer.
    assert.deepEqual(served, ['v1', 'g1', 'p1', 's1']);
    const traces = engine.traceFor('p1');
    assert.deepEqual(
      traces.map((t) => [t.trigger, t.winner]),
      [
        ['call-arrived', undefined],
        ['agent-available', 'a1'],
      ],
    );
    const why = traces[1];
    assert.match(why?.reason ?? '', /vip > queue-priority > agent-skill > longest-wait > queue-id/);
  });

  it('equal skill: the longer waiting caller, then queue id', () => {
    const t = makeEngine();
    t.engine.upsertQueue(queue('b'));
    t.engine.upsertQueue(queue('a'));
    t.engine.upsertAgent(agent('a1', { a: 2, b: 2 }));
    t.engine.enqueue({ id: 'b1', caller: '1', queueId: 'b' });
    t.engine.enqueue({ id: 'a1c', caller: '2', queueId: 'a' });
    t.engine.signIn('a1', { extension: '1' });
    assert.equal(t.engine.call('a1c')?.status, 'offered', 'same entry time: queue id a before b');
  });
});

describe('queue removal and the event sink', () => {
  it('is refused while callers wait, allowed when empty', () => {
    const { engine } = makeEngine();
    engine.upsertQueue(queue('q'));
    engine.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    assert.throws(
      () => engine.removeQueue('q'),
      (e: unknown) => isAppError(e) && e.code === AcdErrorCode.queueNotEmpty,
    );
    engine.hungUp('c1');
    engine.removeQueue('q');
    assert.throws(
      () => engine.queueStatus('q'),
      (e: unknown) => isAppError(e) && e.code === AcdErrorCode.queueNotFound,
    );
  });

  it('every event reaches the sink in sequence; a failing sink is logged and does not break commands', () => {
    const { clock, logger } = makeEngine();
    const seen: string[] = [];
    let fail = false;
    const e2 = new AcdEngine({
      clock,
      rng: createRng(1),
      logger,
      sink: {
        append(ev) {
          if (fail) throw new Error('disk full');
          seen.push(`${ev.seq}:${ev.type}`);
        },
      },
    });
    e2.upsertQueue(queue('q'));
    e2.upsertAgent(agent('a1', { q: 1 }));
    e2.signIn('a1', { extension: '1' });
    e2.enqueue({ id: 'c1', caller: '1', queueId: 'q' });
    assert.deepEqual(seen, ['1:agent.connection', '2:agent.state', '3:call.queued', '4:agent.state', '5:call.offered']);
    fail = true;
    e2.answered('a1', 'c1');
    assert.equal(e2.agent('a1').state, 'talking');
    assert.ok(logger.entries.some((e) => e.level === 'error' && e.msg === 'ACD event sink failed'));
  });
});
