import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError, nullLogger } from '@rexian/kernel';
import { attachCallTeardown } from '../sip/call-teardown.ts';
import { callFixture } from '../testing/call-fixture.ts';

/** Customer and agent (one codec: relayed) in a call bridge, and a supervisor's answered leg outside it. */
async function monitoredCall() {
  const f = callFixture();
  const customer = f.model.createChannel({ callId: 'c1', direction: 'inbound', role: 'caller', caller: '138', callee: '4001' });
  await f.controller.answer(customer.id);
  const agent = await f.controller.originate({ callId: 'c1', destination: '2001', callerId: '138' });
  f.model.answered(agent.id);
  const sup = await f.controller.originate({ callId: 'c1', destination: '2009', callerId: '138', role: 'conference' });
  f.model.answered(sup.id);
  for (const c of [customer.id, agent.id, sup.id]) f.model.setCodec(c, 'PCMU');
  const bridgeId = await f.controller.bridge([customer.id, agent.id]);
  f.adapter.log.length = 0;
  return { ...f, customer: customer.id, agent: agent.id, sup: sup.id, bridgeId };
}

describe('supervisor monitoring in a call bridge', () => {
  it('a monitor makes the bridge mix with its mode; leaving puts it back to relay', async () => {
    const f = await monitoredCall();
    assert.equal(f.model.bridge(f.bridgeId).mode, 'relay');
    await f.controller.monitor(f.sup, { bridgeId: f.bridgeId, mode: 'listen' });
    const b = f.model.bridge(f.bridgeId);
    assert.equal(b.mode, 'mix');
    assert.deepEqual(b.monitors, [{ channelId: f.sup, mode: 'listen' }]);
    const joined = f.events.findLast((e) => e.type === 'bridge.joined');
    assert.deepEqual(joined && { channelId: joined.channelId, mode: joined.mode, monitor: joined.monitor }, {
      channelId: f.sup,
      mode: 'mix',
      monitor: 'listen',
    });

    await f.controller.setMonitorMode(f.sup, 'whisper', f.agent);
    assert.deepEqual(f.model.bridge(f.bridgeId).monitors, [{ channelId: f.sup, mode: 'whisper', targetId: f.agent }]);
    await f.controller.setMonitorMode(f.sup, 'barge');
    const changes = f.events.filter((e) => e.type === 'bridge.monitor-changed').map((e) => [e.monitor, e.mode]);
    assert.deepEqual(changes, [
      ['whisper', 'mix'],
      ['barge', 'mix'],
    ]);

    await f.controller.unbridge(f.sup);
    const after = f.model.bridge(f.bridgeId);
    assert.equal(after.mode, 'relay');
    assert.deepEqual(after.monitors, []);
    assert.deepEqual(f.adapter.log, [
      `bridge ${f.bridgeId} mix [${f.customer},${f.agent},${f.sup}]`,
      `bridge ${f.bridgeId} mix [${f.customer},${f.agent},${f.sup}]`,
      `bridge ${f.bridgeId} mix [${f.customer},${f.agent},${f.sup}]`,
      `bridge ${f.bridgeId} relay [${f.customer},${f.agent}]`,
    ]);
    assert.deepEqual(f.adapter.bridges.at(-2)?.monitors, [{ channelId: f.sup, mode: 'barge' }]);
  });

  it('a whisper needs a target that is a party of the bridge; a refused change keeps the mode', async () => {
    const f = await monitoredCall();
    const bad = (e: unknown) => isAppError(e) && e.code === 'SWITCH_MONITOR_TARGET_INVALID';
    await assert.rejects(f.controller.monitor(f.sup, { bridgeId: f.bridgeId, mode: 'whisper' }), bad);
    assert.equal(f.model.channel(f.sup).bridgeId, undefined, 'a refused monitor does not join');
    await f.controller.monitor(f.sup, { bridgeId: f.bridgeId, mode: 'listen' });
    await assert.rejects(f.controller.setMonitorMode(f.sup, 'whisper', f.sup), bad);
    await assert.rejects(f.controller.setMonitorMode(f.sup, 'whisper', 'nobody'), bad);
    assert.deepEqual(f.model.bridge(f.bridgeId).monitors, [{ channelId: f.sup, mode: 'listen' }]);
    const outside = await f.controller.originate({ callId: 'c2', destination: '3', callerId: '4' });
    await assert.rejects(
      f.controller.setMonitorMode(outside.id, 'listen'),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_IN_BRIDGE',
    );
  });

  it('a whisper whose agent leaves becomes a listen; take over (null) makes the supervisor a party', async () => {
    const f = await monitoredCall();
    await f.controller.monitor(f.sup, { bridgeId: f.bridgeId, mode: 'whisper', targetId: f.agent });
    await f.controller.setMonitorMode(f.sup, null);
    assert.deepEqual(f.model.bridge(f.bridgeId).monitors, []);
    await f.controller.hangup(f.agent, 'transferred');
    const b = f.model.bridge(f.bridgeId);
    assert.deepEqual(b.members, [f.customer, f.sup]);
    assert.equal(b.mode, 'relay');

    const g = await monitoredCall();
    await g.controller.monitor(g.sup, { bridgeId: g.bridgeId, mode: 'whisper', targetId: g.agent });
    await g.controller.unbridge(g.agent);
    assert.deepEqual(g.model.bridge(g.bridgeId).monitors, [{ channelId: g.sup, mode: 'listen' }]);
  });

  it('teardown: a monitor hanging up leaves the call up; a party hanging up ends the call and its monitors', async () => {
    const f = await monitoredCall();
    attachCallTeardown(f.bus, f.model, f.controller, nullLogger);
    await f.controller.monitor(f.sup, { bridgeId: f.bridgeId, mode: 'listen' });
    f.model.hungUp(f.sup, 'normal-clearing', 'remote');
    await new Promise((r) => setImmediate(r));
    assert.equal(f.model.channel(f.customer).state, 'answered');
    assert.equal(f.model.channel(f.agent).state, 'answered');
    assert.equal(f.model.bridge(f.bridgeId).mode, 'relay');

    const g = await monitoredCall();
    attachCallTeardown(g.bus, g.model, g.controller, nullLogger);
    await g.controller.monitor(g.sup, { bridgeId: g.bridgeId, mode: 'barge' });
    g.model.hungUp(g.customer, 'normal-clearing', 'remote');
    await new Promise((r) => setImmediate(r));
    for (const c of [g.agent, g.sup]) assert.equal(g.model.channel(c).state, 'hung-up', c);
    assert.equal(g.model.bridge(g.bridgeId).closed, true);
  });
});
