import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@rexian/kernel';
import { AcdErrorCode } from '../errors.ts';
import { agent, makeEngine, queue } from '../test-support.ts';

function setup(rules: NonNullable<Parameters<typeof makeEngine>[0]>['rules'] = {}) {
  const t = makeEngine({ rules });
  t.engine.upsertQueue(queue('q', { ringTimeMs: 20_000 }));
  t.engine.upsertAgent(agent('a1', { q: 5 }));
  t.engine.upsertAgent(agent('a2', { q: 5 }));
  return t;
}

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

describe('§4.6.11 agent rules', () => {
  it('wrap-up ends in automatic idle after the configured time', () => {
    const { engine, clock } = setup({ wrapUpMs: 30_000, autoIdleAfterWrapUp: true });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.answered('a1', 'c1');
    clock.advance(60_000);
    engine.hungUp('c1');
    assert.equal(engine.agent('a1').state, 'wrap-up');
    clock.advance(29_999);
    assert.equal(engine.agent('a1').state, 'wrap-up');
    clock.advance(1);
    assert.equal(engine.agent('a1').state, 'idle');
  });

  it('without auto-idle, wrap-up waits for the agent, and past its cap the agent is made busy', () => {
    const { engine, clock, of } = setup({ autoIdleAfterWrapUp: false, maxWrapUpMs: 600_000 });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.answered('a1', 'c1');
    engine.hungUp('c1');
    clock.advance(599_999);
    assert.equal(engine.agent('a1').state, 'wrap-up');
    clock.advance(1);
    assert.equal(engine.agent('a1').state, 'busy');
    assert.equal(engine.agent('a1').reasonId, 'wrap-up-overrun');
    assert.equal(of('agent.state').at(-1)?.cause, 'timeout');
  });

  it('the agent may end wrap-up early', () => {
    const { engine } = setup({ wrapUpMs: 30_000 });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.answered('a1', 'c1');
    engine.hungUp('c1');
    engine.endWrapUp('a1');
    assert.equal(engine.agent('a1').state, 'idle');
    assert.throws(() => engine.endWrapUp('a1'), code(AcdErrorCode.illegalTransition));
  });

  it('minimum busy time: the agent cannot go idle early, a supervisor can', () => {
    const { engine, clock } = setup({ minBusyMs: 120_000 });
    engine.signIn('a1', { extension: '801' });
    engine.signIn('a2', { extension: '802' });
    engine.setBusy('a1');
    engine.setBusy('a2');
    clock.advance(60_000);
    assert.throws(
      () => engine.setIdle('a1'),
      (e: unknown) => isAppError(e) && e.code === AcdErrorCode.minBusyNotElapsed && e.details?.remainingMs === 60_000,
    );
    engine.setIdle('a2', { kind: 'supervisor', id: 's1' });
    assert.equal(engine.agent('a2').state, 'idle');
    clock.advance(60_000);
    engine.setIdle('a1');
    assert.equal(engine.agent('a1').state, 'idle');
  });

  it('busy needs a known reason; admin-defined reasons can be added', () => {
    const { engine } = setup();
    engine.signIn('a1', { extension: '801' });
    assert.throws(() => engine.setBusy('a1', 'lunch'), code(AcdErrorCode.unknownBusyReason));
    engine.setBusyReasons([{ id: 'lunch', name: '午餐' }]);
    engine.setBusy('a1', 'lunch');
    assert.equal(engine.agent('a1').reasonId, 'lunch');
  });

  it('a short disconnect keeps state and counters; a long one signs the agent out', () => {
    const { engine, clock } = setup({ retentionMs: 60_000, wrapUpMs: 0 });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.answered('a1', 'c1');
    engine.hungUp('c1');
    const signedInAt = engine.agent('a1').signedInAt;
    engine.disconnect('a1');
    engine.enqueue({ id: 'c2', caller: '139', queueId: 'q' });
    assert.equal(engine.call('c2')?.status, 'waiting', 'a disconnected agent is not offered calls');
    clock.advance(59_000);
    engine.reconnect('a1');
    assert.equal(engine.call('c2')?.status, 'offered', 'the waiting call goes to the reconnected agent');
    const s = engine.agent('a1');
    assert.equal(s.answered, 1);
    assert.equal(s.signedInAt, signedInAt);
    engine.rejected('a1', 'c2');
    engine.disconnect('a1');
    clock.advance(60_000);
    assert.equal(engine.agent('a1').state, 'signed-out');
    assert.equal(engine.agent('a1').answered, 0);
    assert.throws(() => engine.reconnect('a1'), code(AcdErrorCode.agentNotSignedIn));
  });

  it('after rejecting, the agent is offered nothing for the reject interval', () => {
    const { engine, clock, of } = setup({ rejectIntervalMs: 10_000 });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.rejected('a1', 'c1');
    assert.equal(of('call.rejected').length, 1);
    assert.equal(engine.agent('a1').state, 'idle');
    assert.equal(engine.call('c1')?.status, 'waiting');
    clock.advance(9_999);
    assert.equal(engine.call('c1')?.status, 'waiting');
    clock.advance(1);
    assert.equal(engine.call('c1')?.status, 'offered');
    assert.equal(engine.call('c1')?.agentId, 'a1');
  });

  it('with a reject interval of 0 a rejected call goes to another idle agent first', () => {
    const { engine } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.signIn('a2', { extension: '802' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    const first = engine.call('c1')?.agentId as string;
    engine.rejected(first, 'c1');
    assert.notEqual(engine.call('c1')?.agentId, first);
  });

  it('ring time-out records a missed call and makes the agent not-ready', () => {
    const { engine, clock, of } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.signIn('a2', { extension: '802' });
    engine.setBusy('a2');
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.ringing('a1', 'c1');
    clock.advance(20_000);
    assert.deepEqual(
      of('call.missed').map((e) => [e.callId, e.agentId]),
      [['c1', 'a1']],
    );
    const a1 = engine.agent('a1');
    assert.equal(a1.state, 'busy');
    assert.equal(a1.reasonId, 'missed-call');
    assert.equal(a1.missed, 1);
    assert.equal(engine.call('c1')?.status, 'waiting');
    engine.setIdle('a2');
    assert.equal(engine.call('c1')?.agentId, 'a2');
  });

  it('ring time-out can leave the agent idle (configurable)', () => {
    const { engine, clock } = setup({ ringTimeoutAction: 'idle' });
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.ringing('a1', 'c1');
    clock.advance(20_000);
    assert.equal(engine.agent('a1').missed, 1);
    // The only agent is idle again, so the call is offered to it once more.
    assert.equal(engine.agent('a1').state, 'reserved');
  });

  it('idle-too-long reminder fires once per idle period', () => {
    const { engine, clock, of } = setup({ idleReminderMs: 300_000 });
    engine.signIn('a1', { extension: '801' });
    clock.advance(299_999);
    assert.equal(of('agent.idle-too-long').length, 0);
    clock.advance(1);
    clock.advance(600_000);
    assert.deepEqual(
      of('agent.idle-too-long').map((e) => [e.agentId, e.idleMs]),
      [['a1', 300_000]],
    );
    engine.setBusy('a1');
    engine.setIdle('a1');
    clock.advance(300_000);
    assert.equal(of('agent.idle-too-long').length, 2);
  });

  it('a reservation CTI never turns into ringing times out and the call is offered again', () => {
    const { engine, clock } = setup({ reserveTimeoutMs: 5_000 });
    engine.signIn('a1', { extension: '801' });
    engine.signIn('a2', { extension: '802' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    const first = engine.call('c1')?.agentId as string;
    clock.advance(5_000);
    assert.equal(engine.agent(first).state, 'idle');
    assert.notEqual(engine.call('c1')?.agentId, first);
  });

  it('busy, away and outbound-only time out to signed-out; talking times out to wrap-up', () => {
    const { engine, clock } = setup({ maxBusyMs: 1_000, maxAwayMs: 2_000, maxTalkMs: 3_000, wrapUpMs: 10_000 });
    engine.signIn('a1', { extension: '801' });
    engine.signIn('a2', { extension: '802' });
    engine.setBusy('a1');
    engine.setAway('a2');
    clock.advance(1_000);
    assert.equal(engine.agent('a1').state, 'signed-out');
    assert.equal(engine.agent('a2').state, 'away');
    clock.advance(1_000);
    assert.equal(engine.agent('a2').state, 'signed-out');
    engine.signIn('a1', { extension: '801' });
    engine.outboundStarted('a1', 'o1', '13900000000');
    clock.advance(3_000);
    assert.equal(engine.agent('a1').state, 'wrap-up');
    assert.equal(engine.call('o1'), undefined);
  });

  it('an outbound call from busy returns to busy after wrap-up', () => {
    const { engine, clock } = setup({ wrapUpMs: 5_000 });
    engine.signIn('a1', { extension: '801' });
    engine.setBusy('a1');
    engine.outboundStarted('a1', 'o1', '139');
    engine.hungUp('o1');
    clock.advance(5_000);
    assert.equal(engine.agent('a1').state, 'busy');
  });

  it('sign-in rules: disabled agents refused, double sign-in refused, no extension = monitor only', () => {
    const { engine } = setup();
    engine.upsertAgent(agent('a3', { q: 1 }, { enabled: false }));
    assert.throws(() => engine.signIn('a3', { extension: '803' }), code(AcdErrorCode.agentDisabled));
    engine.signIn('a1');
    assert.throws(() => engine.signIn('a1'), code(AcdErrorCode.agentAlreadySignedIn));
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    assert.equal(engine.call('c1')?.status, 'waiting', 'an agent without extension is never offered calls');
    assert.equal(engine.queueStatus('q').signedInAgents, 0);
  });

  it('the agent cannot sign out mid-call; a supervisor can, and the call goes back to the queue', () => {
    const { engine } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.ringing('a1', 'c1');
    assert.throws(() => engine.signOut('a1'), code(AcdErrorCode.illegalTransition));
    engine.signOut('a1', { kind: 'supervisor', id: 's1' });
    assert.equal(engine.agent('a1').state, 'signed-out');
    assert.equal(engine.call('c1')?.status, 'waiting');
  });

  it('disabling a signed-in agent signs it out and returns its offered call to the queue', () => {
    const { engine } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    assert.equal(engine.call('c1')?.agentId, 'a1');
    engine.upsertAgent({ ...agent('a1', { q: 5 }), enabled: false });
    assert.equal(engine.agent('a1').state, 'signed-out');
    assert.equal(engine.call('c1')?.status, 'waiting');
  });

  it('a supervisor signing out a talking agent ends the call in the ACD view', () => {
    const { engine, of } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.answered('a1', 'c1');
    engine.signOut('a1', { kind: 'supervisor', id: 's1' });
    assert.equal(engine.call('c1'), undefined);
    assert.deepEqual(
      of('call.ended').map((e) => [e.callId, e.agentId]),
      [['c1', 'a1']],
    );
  });

  it('state commands cannot pull an agent off a call; the call decides', () => {
    const { engine } = setup();
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    for (const cmd of [
      () => engine.setIdle('a1'),
      () => engine.setBusy('a1'),
      () => engine.setAway('a1'),
      () => engine.setOutboundOnly('a1'),
    ]) {
      assert.throws(cmd, code(AcdErrorCode.agentOnCall));
      engine.ringing('a1', 'c1');
    }
    assert.throws(() => engine.setIdle('a1', { kind: 'supervisor', id: 's' }), code(AcdErrorCode.agentOnCall));
    assert.equal(engine.call('c1')?.status, 'offered');
  });

  it('state commands need a signed-in agent; outbound calls cannot start from a call state', () => {
    const { engine } = setup();
    assert.throws(() => engine.setBusy('a1'), code(AcdErrorCode.agentNotSignedIn));
    assert.throws(() => engine.setIdle('a1'), code(AcdErrorCode.agentNotSignedIn));
    assert.throws(() => engine.outboundStarted('a1', 'o1', '139'), code(AcdErrorCode.agentNotSignedIn));
    engine.signIn('a1', { extension: '801' });
    engine.enqueue({ id: 'c1', caller: '138', queueId: 'q' });
    engine.ringing('a1', 'c1');
    assert.throws(() => engine.outboundStarted('a1', 'o1', '139'), code(AcdErrorCode.agentOnCall));
    assert.equal(engine.agent('a1').state, 'ringing');
  });
});
