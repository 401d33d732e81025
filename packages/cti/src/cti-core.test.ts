import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AcdEngine, type AcdEvent, type AgentRecord, createRng, defineQueue, type QueueConfig } from '@rexian/acd';
import { nullLogger } from '@rexian/kernel';
import type { ChannelSnapshot } from '@rexian/switch';
import { callFixture } from '@rexian/switch/testing';
import { createCti } from './cti-core.ts';
import type { CallRating, SurveyPort } from './cti-ports.ts';

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

function setup(
  queue: Partial<QueueConfig> = {},
  prompts: {
    position?: (n: number) => Promise<string | undefined>;
    agentNumber?: (n: string) => Promise<string | undefined>;
    survey?: SurveyPort;
  } = {},
) {
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
    sw: { model: f.model, bus: f.bus, controller: f.controller, clock: f.clock, ring: () => {}, keepAlone: () => {} },
    acd,
    log: nullLogger,
    agentInfo: (id) => ({ id, number: id, name: id, boundExtension: extensions[id] ?? null }),
    agentByNumber: () => undefined,
    ...(prompts.position ? { positionPrompt: prompts.position } : {}),
    ...(prompts.agentNumber ? { agentNumberPrompt: prompts.agentNumber } : {}),
    ...(prompts.survey ? { survey: prompts.survey } : {}),
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

  /** A caller connected to agent a1 (its leg answered and bridged). */
  async function connected() {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: '4008001000' });
    await settle();
    const leg = t.legTo('8001');
    assert.ok(leg);
    t.model.answered(leg.id);
    await settle();
    return { t, caller, leg };
  }

  it('consult, then complete: the customer waits with music, then talks to the consulted party; the agent wraps up', async () => {
    const { t, caller, leg } = await connected();
    await t.cti.consult('a1', { kind: 'extension', number: '8600' });
    assert.equal(t.model.channel(caller.id).state, 'on-hold');
    const consulted = t.legTo('8600');
    assert.ok(consulted);
    await assert.rejects(t.cti.completeConsult('a1'), { code: 'SWITCH_TRANSFER_NOT_POSSIBLE' }, 'not before it answers');
    t.model.answered(consulted.id);
    await settle();
    assert.equal(t.model.channel(consulted.id).bridgeId, t.model.channel(leg.id).bridgeId, 'agent and consulted party talk');
    await t.cti.completeConsult('a1');
    await settle();
    assert.equal(t.model.channel(leg.id).cause, 'transferred');
    assert.equal(t.model.channel(caller.id).state, 'answered');
    assert.equal(t.model.channel(consulted.id).bridgeId, t.model.channel(caller.id).bridgeId);
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
  });

  it('consult, then cancel: the consulted party is dropped and agent and customer talk again', async () => {
    const { t, caller, leg } = await connected();
    await t.cti.consult('a1', { kind: 'extension', number: '8600' });
    const consulted = t.legTo('8600');
    assert.ok(consulted);
    t.model.answered(consulted.id);
    await settle();
    await t.cti.cancelConsult('a1');
    await settle();
    assert.equal(t.model.channel(consulted.id).state, 'hung-up');
    assert.equal(t.model.channel(caller.id).state, 'answered');
    assert.equal(t.model.channel(leg.id).bridgeId, t.model.channel(caller.id).bridgeId);
    assert.equal(t.acd.agent('a1').state, 'talking');
  });

  it('three-way: the third party joins when it answers; dropping it leaves customer and agent talking', async () => {
    const { t, caller, leg } = await connected();
    await t.cti.conference('a1', { kind: 'extension', number: '8700' });
    const third = t.legTo('8700');
    assert.ok(third);
    assert.equal(t.model.channel(caller.id).state, 'answered', 'no hold while the third party rings');
    t.model.answered(third.id);
    await settle();
    const bridge = t.model.bridge(t.model.channel(leg.id).bridgeId as string);
    assert.deepEqual([...bridge.members].sort(), [caller.id, leg.id, third.id].sort());
    assert.equal(bridge.mode, 'mix');
    await t.cti.dropConference('a1');
    await settle();
    assert.equal(t.model.channel(third.id).state, 'hung-up');
    const after = t.model.bridge(t.model.channel(leg.id).bridgeId as string);
    assert.deepEqual([...after.members].sort(), [caller.id, leg.id].sort());
  });

  it('click to dial: the agent’s phone rings first, then the number; the ACD sees the agent talking', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const callId = await t.cti.dial('a1', { kind: 'extension', number: '8900' }, null);
    const own = t.legTo('8001');
    assert.ok(own && own.callId === callId);
    assert.equal(own.caller, '8900', 'the agent’s phone shows whom it will call');
    assert.equal(t.legTo('8900'), undefined, 'the number waits for the agent');
    t.model.answered(own.id);
    await settle();
    assert.equal(t.acd.agent('a1').state, 'talking');
    const far = t.legTo('8900');
    assert.ok(far);
    t.model.answered(far.id);
    await settle();
    assert.equal(t.model.channel(far.id).bridgeId, t.model.channel(own.id).bridgeId);
    assert.ok(t.model.channel(own.id).bridgeId !== undefined);
    t.model.hungUp(far.id, 'normal-clearing', 'remote');
    t.model.hungUp(own.id, 'normal-clearing', 'local');
    await settle();
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
    await assert.rejects(t.cti.dial('a2', { kind: 'number', number: '13800138000' }, null), { code: 'CTI_NO_EXTENSION' });
  });

  it('announces a waiting caller’s position: music stops for the prompt and resumes', async () => {
    const t = setup({ announcePosition: true, positionIntervalMs: 10_000 }, { position: async (n) => `position-${n}` });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    t.clock.advance(10_000);
    await settle();
    const log = t.adapter.log.join('\n');
    assert.match(log, new RegExp(`unhold ${caller.id}\nplay ${caller.id} position-1\nhold ${caller.id}`));
    assert.equal(t.model.channel(caller.id).state, 'on-hold');
  });

  it('an ordinary call on a signed-in agent’s phone keeps queue calls away, then the agent is idle again', async () => {
    const t = setup();
    t.cti.signIn('a1', { extension: '8001' });
    const internal = t.model.createChannel({
      callId: 'int1',
      direction: 'inbound',
      role: 'caller',
      caller: '8500',
      callee: '8001',
    });
    const phone = await t.controller.originate({ callId: 'int1', destination: '8001', callerId: '8500' });
    t.model.answered(internal.id);
    t.model.answered(phone.id);
    await settle();
    assert.equal(t.acd.agent('a1').state, 'talking');
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    assert.equal(t.legTo('8001')?.callId, 'int1', 'the busy phone is not rung for the queue');
    t.model.hungUp(phone.id, 'normal-clearing', 'remote');
    await settle();
    // Back to idle: the waiting caller is offered to a1 at once.
    const offered = t.legTo('8001');
    assert.ok(offered && offered.callId === caller.callId, 'the queued call rings the agent once it is free');
    assert.equal(t.acd.agent('a1').state, 'ringing');
  });

  it('forced rating: when the agent’s phone hangs up, the customer hears the survey and the key is stored', async () => {
    const ratings: CallRating[] = [];
    const survey: SurveyPort = {
      prompts: async () => ({ question: 'survey-question', thanks: 'survey-thanks' }),
      save: async (r) => {
        ratings.push(r);
      },
      forced: () => true,
    };
    const t = setup({}, { survey });
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    const leg = t.legTo('8001');
    assert.ok(leg);
    t.model.answered(leg.id);
    await settle();
    t.model.hungUp(leg.id, 'normal-clearing', 'remote');
    await settle();
    assert.ok(t.adapter.log.includes(`play ${caller.id} survey-question`), t.adapter.log.join('\n'));
    assert.equal(t.acd.agent('a1').state, 'wrap-up');
    t.model.dtmf(caller.id, '2', 'rfc4733');
    await settle();
    assert.deepEqual(ratings, [{ callId: caller.callId, agentId: 'a1', queueId: 'q1', digit: '2' }]);
    assert.ok(t.adapter.log.includes(`play ${caller.id} survey-thanks`));
    assert.equal(t.model.channel(caller.id).state, 'hung-up');
  });

  it('announces the agent number to the caller on connect, before the two are bridged', async () => {
    const t = setup({ announceAgentNumber: true }, { agentNumber: async (n) => `agent-number-${n}` });
    t.cti.signIn('a1', { extension: '8001' });
    const caller = t.customer();
    void t.cti.queueCall(caller, { queueId: 'q1', accessNumber: null });
    await settle();
    const leg = t.legTo('8001');
    assert.ok(leg);
    t.model.answered(leg.id);
    await settle();
    const log = t.adapter.log;
    const played = log.indexOf(`play ${caller.id} agent-number-1001`);
    const bridged = log.findIndex((l) => l.startsWith('bridge ') && l.includes(leg.id));
    assert.ok(played >= 0, log.join('\n'));
    assert.ok(bridged > played, 'the announcement comes before the bridge');
  });
});
