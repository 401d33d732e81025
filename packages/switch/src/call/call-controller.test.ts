import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, isAppError } from '@rexian/kernel';
import { callFixture } from '../testing/call-fixture.ts';
import type { OriginateRequest } from './call-controller.ts';

type CallFixture = ReturnType<typeof callFixture>;

/** Lets the controller's own reactions (promise chains on events) run until `done` holds. */
async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(done(), 'the condition never held');
}

/** An inbound caller answered and bridged with an answered outbound callee. */
async function connectedCall() {
  const f = callFixture();
  const a = f.model.createChannel({ callId: 'c1', direction: 'inbound', role: 'caller', caller: '1001', callee: '1002' });
  f.model.ringing(a.id);
  const b = await f.controller.originate({ callId: 'c1', destination: '1002', callerId: '1001' });
  f.model.ringing(b.id);
  f.model.answered(b.id);
  await f.controller.answer(a.id);
  const bridgeId = await f.controller.bridge([a.id, b.id]);
  f.adapter.log.length = 0;
  return { ...f, a: a.id, b: b.id, bridgeId };
}

describe('call controller', () => {
  it('answer sends the 200 then records the answer; refused on outbound or answered legs without signalling', async () => {
    const f = callFixture();
    const a = f.model.createChannel({ callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    f.model.ringing(a.id);
    await f.controller.answer(a.id);
    assert.equal(f.model.channel(a.id).state, 'answered');
    await assert.rejects(f.controller.answer(a.id), (e) => isAppError(e) && e.code === 'SWITCH_ILLEGAL_TRANSITION');
    const out = f.model.createChannel({ callId: 'c', direction: 'outbound', role: 'callee', caller: '1', callee: '2' });
    await assert.rejects(f.controller.answer(out.id), (e) => isAppError(e) && e.code === 'SWITCH_ILLEGAL_TRANSITION');
    assert.deepEqual(f.adapter.log, [`answer ${a.id}`]);
  });

  it('hold and unhold go through the adapter and publish held/unheld', async () => {
    const f = await connectedCall();
    await f.controller.hold(f.b);
    await assert.rejects(f.controller.hold(f.b), (e) => isAppError(e) && e.code === 'SWITCH_ILLEGAL_TRANSITION');
    await f.controller.unhold(f.b);
    await assert.rejects(f.controller.unhold(f.b), (e) => isAppError(e) && e.code === 'SWITCH_ILLEGAL_TRANSITION');
    assert.deepEqual(f.adapter.log, [`hold ${f.b}`, `unhold ${f.b}`]);
    assert.deepEqual(f.types().slice(-2), ['channel.held', 'channel.unheld']);
  });

  it('a failed hold leaves the channel answered', async () => {
    const f = await connectedCall();
    f.adapter.failures.set('hold', new AppError('SIP_TRANSACTION_TIMEOUT', 'no answer to re-INVITE'));
    await assert.rejects(f.controller.hold(f.b), /re-INVITE/);
    assert.equal(f.model.channel(f.b).state, 'answered');
  });

  it('a failed originate ends the new leg with cause failed', async () => {
    const f = callFixture();
    f.adapter.failures.set('originate', new AppError('SIP_TRANSPORT', 'unreachable'));
    await assert.rejects(f.controller.originate({ callId: 'c', destination: '2000', callerId: '1000' }), /unreachable/);
    const [leg] = f.model.listChannels();
    assert.equal(leg?.state, 'hung-up');
    assert.equal(leg?.cause, 'failed');
    assert.equal(leg?.hungUpBy, 'system');
  });

  it('hang-up through the API is recorded as local; a crossing BYE is not reported twice', async () => {
    const f = await connectedCall();
    await f.controller.hangup(f.a, 'normal-clearing');
    assert.equal(f.model.channel(f.a).hungUpBy, 'local');
    await assert.rejects(f.controller.hangup(f.a), (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE');
    f.model.hungUp(f.b, 'normal-clearing', 'remote');
    assert.equal(f.events.filter((e) => e.type === 'channel.hungup').length, 2);
  });

  it('a hang-up is dated when it began, not when a slow far end answered the BYE', async () => {
    const f = await connectedCall();
    const began = f.clock.now();
    const hangup = f.adapter.hangup.bind(f.adapter);
    f.adapter.hangup = async (c, cause) => {
      f.clock.advance(1500); // the BYE's 200 and the media release took 1.5 s
      await hangup(c, cause);
    };
    await f.controller.hangup(f.a, 'normal-clearing');
    const ended = f.events.find((e) => e.type === 'channel.hungup');
    assert.equal(ended?.at, began);
    assert.equal(f.model.channel(f.a).endedAt, began);
    // Never before the leg's answer, whatever a caller passes.
    f.model.hungUp(f.b, 'normal-clearing', 'remote', 0);
    assert.equal(f.model.channel(f.b).endedAt, f.model.channel(f.b).answeredAt);
  });

  it('blind transfer: transferor hangs up as transferred, the new leg joins the transferee', async () => {
    const f = await connectedCall();
    const target = await f.controller.blindTransfer(f.b, '1003', '1001');
    assert.deepEqual(f.adapter.log, [
      `hangup ${f.b} transferred`,
      `originate ${target.id} 1003 from 1001`,
      `bridge ${f.bridgeId} mix [${f.a},${target.id}]`,
    ]);
    assert.equal(f.model.channel(f.b).cause, 'transferred');
    assert.equal(target.role, 'transfer-target');
    assert.deepEqual(
      f.types().filter((t) => t.startsWith('transfer.')),
      ['transfer.started', 'transfer.completed'],
    );
  });

  it('transfer is refused when the transferor is not in a two-party bridge', async () => {
    const f = callFixture();
    const a = f.model.createChannel({ callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    f.model.answered(a.id);
    await assert.rejects(
      f.controller.blindTransfer(a.id, '3', '1'),
      (e) => isAppError(e) && e.code === 'SWITCH_TRANSFER_NOT_POSSIBLE',
    );
    await assert.rejects(f.controller.consult(a.id, '3', '1'), (e) => isAppError(e) && e.code === 'SWITCH_TRANSFER_NOT_POSSIBLE');
    assert.deepEqual(f.adapter.log, []);
  });

  it('attended transfer: consult holds the transferee, complete joins it to the consulted party', async () => {
    const f = await connectedCall();
    const k = await f.controller.consult(f.b, '1003', '1002');
    assert.equal(f.model.channel(f.a).state, 'on-hold');
    assert.deepEqual(f.model.bridge(k.consultBridgeId).members, [f.b, k.consultChannelId]);
    await assert.rejects(
      f.controller.completeTransfer(k.transferId),
      (e) => isAppError(e) && e.code === 'SWITCH_TRANSFER_NOT_POSSIBLE',
    );
    f.model.answered(k.consultChannelId);
    await f.controller.completeTransfer(k.transferId);
    assert.equal(f.model.channel(f.a).state, 'answered');
    assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, k.consultChannelId]);
    assert.equal(f.model.bridge(k.consultBridgeId).closed, true);
    assert.equal(f.model.channel(f.b).cause, 'transferred');
    assert.deepEqual(
      f.types().filter((t) => t.startsWith('transfer.')),
      ['transfer.started', 'transfer.completed'],
    );
    await assert.rejects(
      f.controller.completeTransfer(k.transferId),
      (e) => isAppError(e) && e.code === 'SWITCH_TRANSFER_NOT_FOUND',
    );
  });

  it('attended transfer: cancel drops the consulted party and reconnects the original two', async () => {
    const f = await connectedCall();
    const k = await f.controller.consult(f.b, '1003', '1002');
    f.model.answered(k.consultChannelId);
    await f.controller.cancelTransfer(k.transferId);
    assert.equal(f.model.channel(k.consultChannelId).state, 'hung-up');
    assert.equal(f.model.channel(f.a).state, 'answered');
    assert.equal(f.model.channel(f.b).state, 'answered');
    assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, f.b]);
    assert.equal(f.types().at(-1), 'transfer.cancelled');
  });

  it('a consult that cannot start puts the original call back together', async () => {
    const f = await connectedCall();
    f.adapter.failures.set('originate', new AppError('SIP_TRANSPORT', 'unreachable'));
    await assert.rejects(f.controller.consult(f.b, '1003', '1002'), /unreachable/);
    assert.equal(f.model.channel(f.a).state, 'answered');
    assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, f.b]);
    assert.deepEqual(
      f.types().filter((t) => t.startsWith('transfer.')),
      ['transfer.started', 'transfer.cancelled'],
    );
  });

  for (const [what, end] of [
    ['is busy', (f: CallFixture, id: string) => f.model.hungUp(id, 'busy', 'remote')],
    [
      'answers, then hangs up',
      (f: CallFixture, id: string) => {
        f.model.answered(id);
        f.model.hungUp(id, 'normal-clearing', 'remote');
      },
    ],
  ] as const) {
    it(`attended transfer: when the consulted party ${what}, transferor and transferee talk again`, async () => {
      const f = await connectedCall();
      const k = await f.controller.consult(f.b, '1003', '1002');
      assert.equal(f.controller.isConsulting(f.b), true);
      end(f, k.consultChannelId);
      await waitUntil(() => f.types().at(-1) === 'transfer.cancelled');
      assert.equal(f.model.channel(f.a).state, 'answered', 'the transferee is taken off hold');
      assert.equal(f.model.channel(f.b).state, 'answered', 'the transferor stays up');
      assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, f.b]);
      assert.equal(f.model.bridge(k.consultBridgeId).closed, true);
      assert.equal(f.controller.isConsulting(f.b), false);
      await assert.rejects(
        f.controller.cancelTransfer(k.transferId),
        (e) => isAppError(e) && e.code === 'SWITCH_TRANSFER_NOT_FOUND',
      );
    });
  }

  it('attended transfer: the consulted party left after the transferee did: the transferor is hung up', async () => {
    const f = await connectedCall();
    const k = await f.controller.consult(f.b, '1003', '1002');
    f.model.answered(k.consultChannelId);
    f.model.hungUp(f.a, 'normal-clearing', 'remote');
    f.model.hungUp(k.consultChannelId, 'normal-clearing', 'remote');
    await waitUntil(() => f.types().at(-1) === 'transfer.cancelled');
    assert.equal(f.model.channel(f.b).state, 'hung-up');
    assert.equal(f.model.channel(f.b).hungUpBy, 'local');
  });

  it('a consult can start its leg another way (an outside number through the routes); a refusal puts the call back', async () => {
    const f = await connectedCall();
    const requests: OriginateRequest[] = [];
    const k = await f.controller.consult(f.b, '13900001111', '', async (r) => {
      requests.push(r);
      return f.controller.originate({ ...r, trunkId: 't1' });
    });
    assert.deepEqual(requests, [{ callId: 'c1', destination: '13900001111', callerId: '', role: 'consult' }]);
    assert.equal(f.model.channel(k.consultChannelId).trunkId, 't1');
    assert.equal(f.model.channel(k.consultChannelId).role, 'consult');
    await f.controller.cancelTransfer(k.transferId);
    await assert.rejects(
      f.controller.consult(f.b, '999', '', async () => {
        throw new AppError('CTI_TRANSFER_TARGET_UNKNOWN', 'no route');
      }),
      /no route/,
    );
    assert.equal(f.model.channel(f.a).state, 'answered');
    assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, f.b]);
  });

  it('bridging a channel that is already bridged moves nobody', async () => {
    const f = await connectedCall();
    const c = f.model.createChannel({ callId: 'c1', direction: 'outbound', role: 'conference', caller: '1', callee: '3' });
    await assert.rejects(f.controller.bridge([c.id, f.a]), (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_IN_BRIDGE');
    assert.equal(f.model.channel(c.id).bridgeId, undefined);
    assert.deepEqual(f.adapter.log, []);
  });

  it('record and stop publish recording events; a hung-up channel cannot be recorded or played to', async () => {
    const f = await connectedCall();
    const rec = await f.controller.record({ kind: 'bridge', id: f.bridgeId }, '/rec/c1.wav', 'wav');
    f.clock.advance(4000);
    await f.controller.stopRecording(rec);
    const stopped = f.events.at(-1);
    assert.equal(stopped?.type, 'recording.stopped');
    assert.equal(stopped?.type === 'recording.stopped' && stopped.durationMs, 4000);
    assert.equal(await f.controller.play(f.a, ['hello.wav']), true);
    await f.controller.hangup(f.a);
    await assert.rejects(f.controller.play(f.a, ['x.wav']), (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE');
    await assert.rejects(
      f.controller.record({ kind: 'channel', id: f.a }, 'x.wav', 'wav'),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE',
    );
  });
});

describe('collect', () => {
  async function answered() {
    const f = callFixture();
    const a = f.model.createChannel({ callId: 'c', direction: 'inbound', role: 'caller', caller: '1', callee: '2' });
    f.model.answered(a.id);
    return { ...f, a: a.id };
  }

  it('stops at max digits, whatever the source', async () => {
    const f = await answered();
    const p = f.controller.collect(f.a, { maxDigits: 3, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000 });
    f.model.dtmf(f.a, '1', 'rfc4733');
    f.model.dtmf(f.a, '2', 'sip-info');
    f.model.dtmf(f.a, '3', 'inband');
    assert.deepEqual(await p, { digits: '123', end: 'max-digits' });
    assert.equal(f.clock.pending(), 0, 'no timer left behind');
  });

  it('ends on the terminator, excluded from the digits', async () => {
    const f = await answered();
    const p = f.controller.collect(f.a, { maxDigits: 10, terminator: '#', firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000 });
    f.model.dtmf(f.a, '4', 'rfc4733');
    f.model.dtmf(f.a, '#', 'rfc4733');
    assert.deepEqual(await p, { digits: '4', end: 'terminator' });
  });

  it('times out on the first digit, then between digits', async () => {
    const f = await answered();
    const p1 = f.controller.collect(f.a, { maxDigits: 4, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 2000 });
    f.clock.advance(4999);
    f.model.dtmf(f.a, '7', 'rfc4733');
    f.clock.advance(1999);
    f.model.dtmf(f.a, '8', 'rfc4733');
    f.clock.advance(2000);
    assert.deepEqual(await p1, { digits: '78', end: 'timeout' });
    const p2 = f.controller.collect(f.a, { maxDigits: 4, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 2000 });
    f.clock.advance(5000);
    assert.deepEqual(await p2, { digits: '', end: 'timeout' });
  });

  it('ends on hang-up and ignores other channels', async () => {
    const f = await answered();
    const other = f.model.createChannel({ callId: 'd', direction: 'inbound', role: 'caller', caller: '5', callee: '6' });
    f.model.answered(other.id);
    const p = f.controller.collect(f.a, { maxDigits: 4, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 2000 });
    f.model.dtmf(other.id, '9', 'rfc4733');
    f.model.dtmf(f.a, '1', 'rfc4733');
    f.model.hungUp(f.a, 'normal-clearing', 'remote');
    assert.deepEqual(await p, { digits: '1', end: 'hangup' });
  });
});

describe('dial', () => {
  it('resolves answered when the far end answers before the time-out', async () => {
    const f = callFixture();
    const p = f.controller.dial({ callId: 'c', destination: '8001', callerId: '1001', ringTimeoutMs: 30_000 });
    await new Promise(setImmediate); // let originate reach the adapter and return
    const [leg] = f.model.listChannels();
    assert.ok(leg);
    f.model.ringing(leg.id);
    f.clock.advance(29_999);
    f.model.answered(leg.id);
    const r = await p;
    assert.equal(r.answered, true);
    assert.equal(f.clock.pending(), 0, 'the ring timer is cleared');
  });

  it('cancels with no-answer when the time-out passes', async () => {
    const f = callFixture();
    const p = f.controller.dial({ callId: 'c', destination: '8001', callerId: '1001', ringTimeoutMs: 30_000 });
    await new Promise(setImmediate); // let originate reach the adapter and return
    const [leg] = f.model.listChannels();
    assert.ok(leg);
    f.model.ringing(leg.id);
    f.clock.advance(30_000);
    const r = await p;
    assert.deepEqual([r.answered, r.answered ? '' : r.cause, r.channel.hungUpBy], [false, 'no-answer', 'local']);
    assert.deepEqual(f.adapter.log.at(-1), `hangup ${leg.id} no-answer`);
  });

  it('reports busy from the far end', async () => {
    const f = callFixture();
    const p = f.controller.dial({ callId: 'c', destination: '8001', callerId: '1001', ringTimeoutMs: 30_000 });
    await new Promise(setImmediate); // let originate reach the adapter and return
    const [leg] = f.model.listChannels();
    assert.ok(leg);
    f.model.hungUp(leg.id, 'busy', 'remote');
    const r = await p;
    assert.deepEqual([r.answered, r.answered ? '' : r.cause], [false, 'busy']);
    assert.equal(f.clock.pending(), 0);
  });
});

describe('three-way conference', () => {
  it('a third party joins the bridge (mixed), drops, and the other two continue relayed', async () => {
    const f = await connectedCall();
    f.model.setCodec(f.a, 'PCMA');
    f.model.setCodec(f.b, 'PCMA');
    const third = await f.controller.originate({ callId: 'c1', destination: '1003', callerId: '1001', role: 'conference' });
    f.model.setCodec(third.id, 'PCMA');
    f.model.answered(third.id);
    await f.controller.bridge([third.id], { bridgeId: f.bridgeId });
    assert.equal(f.model.bridge(f.bridgeId).mode, 'mix');
    await f.controller.hangup(third.id);
    assert.deepEqual(f.model.bridge(f.bridgeId).members, [f.a, f.b]);
    assert.equal(f.model.bridge(f.bridgeId).mode, 'relay');
    assert.deepEqual([f.model.channel(f.a).state, f.model.channel(f.b).state], ['answered', 'answered']);
  });
});
