import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcdEngine, type AgentRecord, createRng, defineQueue } from '@rexian/acd';
import { isAppError, nullLogger } from '@rexian/kernel';
import { callFixture } from '@rexian/switch/testing';
import { createCti } from './cti-core.ts';
import { createSupervision } from './supervise.ts';

const agent = (id: string, number: string): AgentRecord => ({
  id,
  number,
  name: id,
  type: 'agent',
  enabled: true,
  regions: [],
  skills: { q1: 5 },
  managedGroupIds: [],
  managedQueueIds: [],
});

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

/** A customer queued to agent a1 (extension 8001), answered and bridged; the supervisor is on 8009. */
async function talking() {
  const f = callFixture();
  const acd = new AcdEngine({ clock: f.clock, rng: createRng(7), rules: { wrapUpMs: 5_000 } });
  acd.upsertQueue(defineQueue({ id: 'q1', number: '9001', ringTimeMs: 10_000 }));
  acd.upsertAgent(agent('a1', '1001'));
  const sw = { model: f.model, bus: f.bus, controller: f.controller, clock: f.clock, ring: () => {} };
  const cti = createCti({
    sw,
    acd,
    log: nullLogger,
    agentInfo: (id) => ({ id, number: id, name: id, boundExtension: '8001' }),
    agentByNumber: () => undefined,
    routes: { voicemail: async () => {}, ivr: async () => {}, outbound: async () => null },
  });
  const sup = createSupervision({ sw, cti, log: nullLogger, ringTimeoutMs: 20_000 });
  cti.signIn('a1', { extension: '8001' });
  const customer = f.model.createChannel({ callId: 'call1', direction: 'inbound', role: 'caller', caller: '138', callee: '400' });
  void cti.queueCall(customer, { queueId: 'q1', accessNumber: '400' });
  await settle();
  const agentLeg = f.model.listChannels().find((c) => c.callee === '8001');
  assert.ok(agentLeg);
  f.model.answered(agentLeg.id);
  await settle();
  const bridgeId = f.model.channel(customer.id).bridgeId as string;
  assert.ok(bridgeId);
  const supLeg = () => f.model.listChannels().find((c) => c.callee === '8009');
  return { ...f, acd, cti, sup, customer: customer.id, agent: agentLeg.id, bridgeId, supLeg };
}

describe('CTI supervision', () => {
  it('rings the supervisor on the agent’s call, joins on answer in the mode, changes mode and stops', async () => {
    const t = await talking();
    const s = await t.sup.monitor('8009', 'a1', 'listen', 'u1');
    assert.equal(s.state, 'ringing');
    const leg = t.supLeg();
    assert.ok(leg);
    assert.equal(leg.callId, 'call1', 'the supervisor’s leg belongs to the agent’s call');
    assert.equal(t.model.channel(leg.id).bridgeId, undefined, 'not in the call before answering');
    t.model.answered(leg.id);
    await settle();
    assert.equal(t.sup.session('a1')?.state, 'monitoring');
    assert.deepEqual(t.model.bridge(t.bridgeId).monitors, [{ channelId: leg.id, mode: 'listen' }]);

    await t.sup.setMode('a1', 'whisper');
    assert.deepEqual(t.model.bridge(t.bridgeId).monitors, [{ channelId: leg.id, mode: 'whisper', targetId: t.agent }]);
    await t.sup.setMode('a1', 'barge');
    assert.deepEqual(t.model.bridge(t.bridgeId).monitors, [{ channelId: leg.id, mode: 'barge' }]);
    await assert.rejects(t.sup.monitor('8010', 'a1', 'listen'), (e) => isAppError(e) && e.code === 'CTI_ALREADY_MONITORED');

    await t.sup.stop('a1');
    await settle();
    assert.equal(t.model.channel(leg.id).state, 'hung-up');
    assert.equal(t.sup.session('a1'), undefined);
    assert.equal(t.model.bridge(t.bridgeId).mode, 'mix', 'no codecs in the fake: two legs without one codec mix');
    assert.deepEqual(t.model.bridge(t.bridgeId).members, [t.customer, t.agent], 'the call goes on');
    await assert.rejects(t.sup.stop('a1'), (e) => isAppError(e) && e.code === 'CTI_NOT_MONITORING');
  });

  it('refuses an agent without an answered call; a phone that does not answer gives up', async () => {
    const t = await talking();
    await assert.rejects(t.sup.monitor('8009', 'nobody', 'listen'), (e) => isAppError(e) && e.code === 'CTI_NO_CALL');
    await t.sup.monitor('8009', 'a1', 'barge');
    t.clock.advance(20_000);
    await settle();
    assert.equal(t.supLeg()?.cause, 'no-answer');
    assert.equal(t.sup.session('a1'), undefined);
  });

  it('the agent’s call ending ends the monitor (a ringing supervisor is cancelled)', async () => {
    const t = await talking();
    await t.sup.monitor('8009', 'a1', 'listen');
    t.model.hungUp(t.agent, 'normal-clearing', 'remote');
    await settle();
    assert.equal(t.supLeg()?.cause, 'cancelled');
    assert.equal(t.sup.session('a1'), undefined);
  });

  it('take over: the agent is cut off with cause transferred and wraps up; the customer stays with the supervisor', async () => {
    const t = await talking();
    await t.sup.monitor('8009', 'a1', 'whisper');
    const leg = t.supLeg();
    assert.ok(leg);
    t.model.answered(leg.id);
    await settle();
    await t.sup.takeover('8009', 'a1');
    await settle();
    assert.equal(t.model.channel(t.agent).cause, 'transferred');
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
    assert.equal(t.model.channel(t.customer).state, 'answered');
    const b = t.model.bridge(t.bridgeId);
    assert.deepEqual(b.members, [t.customer, leg.id]);
    assert.deepEqual(b.monitors, []);
    assert.equal(t.sup.session('a1'), undefined);
  });

  it('take over without monitoring first calls the supervisor and replaces the agent on answer', async () => {
    const t = await talking();
    const s = await t.sup.takeover('8009', 'a1');
    assert.equal(s.takeover, true);
    const leg = t.supLeg();
    assert.ok(leg);
    assert.equal(t.model.channel(t.agent).state, 'answered', 'the agent talks until the supervisor answers');
    t.model.answered(leg.id);
    await settle();
    assert.equal(t.model.channel(t.agent).cause, 'transferred');
    assert.deepEqual(t.model.bridge(t.bridgeId).members, [t.customer, leg.id]);
  });
});
