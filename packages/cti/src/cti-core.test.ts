import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcdEngine, type AcdEvent, type AgentRecord, createRng, defineQueue, type QueueConfig } from '@rexian/acd';
import { nullLogger } from '@rexian/kernel';
import type { ChannelSnapshot } from '@rexian/switch';
import { callFixture } from '@rexian/switch/testing';
import { createCti } from './cti-core.ts';

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

/** Lets queued microtasks and awaited fake-adapter steps run (the fake adapter resolves at once). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
};

function setup(queue: Partial<QueueConfig> = {}) {
  const f = callFixture();
  const acd = new AcdEngine({ clock: f.clock, rng: createRng(7), rules: { wrapUpMs: 5_000, ringTimeoutAction: 'idle' } });
  const acdEvents: AcdEvent[] = [];
  acd.events.on('*', (e) => acdEvents.push(e));
  acd.upsertQueue(defineQueue({ id: 'q1', number: '9001', ringTimeMs: 10_000, ...queue }));
  const extensions: Record<string, string> = { a1: '8001', a2: '8002' };
  acd.upsertAgent(agent('a1', '1001'));
  acd.upsertAgent(agent('a2', '1002'));
  const routed: string[] = [];
  const cti = createCti({
    sw: { model: f.model, bus: f.bus, controller: f.controller, clock: f.clock, ring: () => {} },
    acd,
    log: nullLogger,
    agentInfo: (id) => ({ id, number: id, name: id, boundExtension: extensions[id] ?? null }),
    agentByNumber: () => undefined,
    routes: {
      voicemail: async (c, mailbox) => {
        routed.push(`voicemail ${c.id} ${mailbox}`);
      },
      ivr: async (c, ivrId) => {
        routed.push(`ivr ${c.id} ${ivrId}`);
      },
      outbound: async () => null,
    },
  });
  const customer = (callId = 'call1'): ChannelSnapshot =>
    f.model.createChannel({ callId, direction: 'inbound', role: 'caller', caller: '13800138000', callee: '4008001000' });
  /** The agent leg CTI originated for this extension (the newest). */
  const legTo = (extension: string) =>
    f.model
      .listChannels()
      .filter((c) => c.direction === 'outbound' && c.callee === extension)
      .at(-1);
  return { ...f, acd, acdEvents, cti, customer, legTo, routed };
}

describe('CTI: a queued caller reaches an agent', () => {
  it('answers, holds the caller, rings the chosen agent, bridges on answer and wraps up on hang-up', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    const done = t.cti.queueCall(caller, { queueId: 'q1', accessNumber: '4008001000' });
    await settle();
    assert.ok(t.adapter.log.includes(`answer ${caller.id}`));
    assert.ok(t.adapter.log.includes(`hold ${caller.id}`), 'the caller hears music on hold');
    const leg = t.legTo('8001');
    assert.ok(leg, 'the agent’s extension is rung on the same call');
    assert.equal(leg.callId, caller.callId);
    assert.equal(leg.caller, '13800138000', 'the agent’s phone shows the customer’s number');
    assert.equal(t.acd.agent('a1').state, 'ringing');

    t.model.answered(leg.id);
    await done;
    await settle();
    assert.equal(t.acd.agent('a1').state, 'talking');
    assert.equal(t.model.channel(caller.id).state, 'answered', 'off hold');
    assert.equal(t.model.channel(leg.id).bridgeId, t.model.channel(caller.id).bridgeId);
    assert.ok(t.model.channel(leg.id).bridgeId !== undefined, 'bridged');
    assert.equal(t.cti.legOf('a1')?.channelId, leg.id);

    t.model.hungUp(leg.id, 'normal-clearing', 'remote');
    await settle();
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
    assert.equal(t.cti.legOf('a1'), undefined);
    t.clock.advance(5_000);
    assert.equal(t.acd.agent('a1').state, 'idle', 'auto idle after wrap-up');
  });

  it('a declined call goes to the next agent; a ring time-out stops the phone and moves on', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    t.clock.advance(1000);
    t.cti.signIn('a2', { extension: '8002' });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    const first = t.legTo('8001');
    assert.ok(first, 'longest idle first');
    t.model.hungUp(first.id, 'busy', 'remote');
    await settle();
    assert.ok(t.acdEvents.some((e) => e.type === 'call.rejected' && e.agentId === 'a1'));
    const second = t.legTo('8002');
    assert.ok(second, 'offered to the next agent');
    assert.equal(t.acd.agent('a2').state, 'ringing');

    t.clock.advance(10_000);
    await settle();
    assert.ok(t.adapter.log.includes(`hangup ${second.id} no-answer`), 'the ringing phone is stopped');
    assert.ok(t.acdEvents.some((e) => e.type === 'call.missed' && e.agentId === 'a2'));
    assert.equal(t.model.channel(caller.id).state, 'on-hold', 'the caller still waits');
  });

  it('a caller who hangs up while waiting or ringing abandons the call and stops the agent’s phone', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    const done = t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    const leg = t.legTo('8001');
    assert.ok(leg);
    t.model.hungUp(caller.id, 'normal-clearing', 'remote');
    await done;
    await settle();
    assert.ok(t.acdEvents.some((e) => e.type === 'call.abandoned'));
    assert.ok(t.adapter.log.includes(`hangup ${leg.id} cancelled`));
    assert.equal(t.acd.agent('a1').state, 'idle');
    assert.equal(t.cti.waitingCount(), 0);
  });

  it('overflow after the maximum wait hands the caller to voicemail, off hold', async () => {
    const t = setup({ maxWaitMs: 30_000, onMaxWait: { kind: 'voicemail', mailbox: '8888' } });
    const caller = t.customer();
    const done = t.cti.queueCall(caller, { queueId: 'q1', accessNumber: '4008001000' });
    await settle();
    t.clock.advance(30_000);
    await done;
    assert.deepEqual(t.routed, [`voicemail ${caller.id} 8888`]);
    assert.equal(t.model.channel(caller.id).state, 'answered');
  });

  it('blind transfer to an extension: the agent leaves (wrap-up), the customer is connected when it answers', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    const leg = t.legTo('8001');
    assert.ok(leg);
    t.model.answered(leg.id);
    await settle();
    await t.cti.transfer('a1', { kind: 'extension', number: '8500' });
    await settle();
    assert.equal(t.model.channel(leg.id).cause, 'transferred');
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
    assert.equal(t.model.channel(caller.id).state, 'on-hold', 'music while the destination rings');
    const target = t.legTo('8500');
    assert.ok(target);
    t.model.answered(target.id);
    await settle();
    assert.equal(t.model.channel(caller.id).state, 'answered');
    assert.ok(t.model.channel(target.id).bridgeId !== undefined);
    assert.equal(t.model.channel(target.id).bridgeId, t.model.channel(caller.id).bridgeId);
  });

  it('commands need a call: hold without one is CTI_NO_CALL', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    await assert.rejects(t.cti.hold('a1'), { code: 'CTI_NO_CALL' });
  });
});
