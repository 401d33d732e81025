import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError, VirtualClock } from '@rexian/kernel';
import { callFixture } from '../testing/call-fixture.ts';
import { createCallEventBus } from './call-events.ts';
import { bridgeMode } from './call-model.ts';

function twoLegs(f: ReturnType<typeof callFixture>, codecs: [string, string] = ['PCMU', 'PCMU']) {
  const a = f.model.createChannel({
    callId: 'c1',
    direction: 'inbound',
    role: 'caller',
    caller: '1001',
    callee: '1002',
    codec: codecs[0],
  });
  const b = f.model.createChannel({
    callId: 'c1',
    direction: 'outbound',
    role: 'callee',
    caller: '1001',
    callee: '1002',
    codec: codecs[1],
  });
  return { a: a.id, b: b.id };
}

describe('call event bus', () => {
  it('stamps strictly increasing sequence numbers and the clock time', () => {
    const f = callFixture();
    const { a } = twoLegs(f);
    f.clock.advance(1500);
    f.model.ringing(a);
    f.clock.advance(500);
    f.model.answered(a);
    assert.deepEqual(
      f.events.map((e) => e.seq),
      [1, 2, 3, 4],
    );
    assert.equal(f.events[2]?.at, Date.UTC(2026, 0, 5, 2, 0, 1, 500));
    assert.equal(f.events[3]?.at, Date.UTC(2026, 0, 5, 2, 0, 2));
    assert.equal(f.bus.lastSeq(), 4);
  });

  it('delivers events published from a listener after the current one, to everyone in the same order', () => {
    const clock = new VirtualClock();
    const bus = createCallEventBus({ clock, startSeq: 41 });
    const first: number[] = [];
    const second: number[] = [];
    bus.subscribe((e) => {
      first.push(e.seq);
      if (e.type === 'channel.ringing') bus.publish({ type: 'channel.answered', callId: 'c', channelId: 'x' });
    });
    bus.subscribe((e) => second.push(e.seq));
    bus.publish({ type: 'channel.ringing', callId: 'c', channelId: 'x' });
    assert.deepEqual(first, [42, 43]);
    assert.deepEqual(second, [42, 43]);
  });

  it("one listener's exception reaches neither the publisher nor the other listeners", () => {
    const f = callFixture();
    f.bus.subscribe(() => {
      throw new Error('boom');
    });
    const seen: string[] = [];
    f.bus.subscribe((e) => seen.push(e.type));
    twoLegs(f);
    assert.deepEqual(seen, ['channel.created', 'channel.created']);
    assert.equal(f.listenerErrors.length, 2);
  });
});

describe('bridges', () => {
  it('relays two legs with one codec and mixes otherwise', () => {
    assert.equal(bridgeMode('call', ['PCMU', 'PCMU']), 'relay');
    assert.equal(bridgeMode('call', ['PCMU', 'G722']), 'mix');
    assert.equal(bridgeMode('call', ['PCMU', undefined]), 'mix');
    assert.equal(bridgeMode('call', ['PCMU', 'PCMU', 'PCMU']), 'mix');
    assert.equal(bridgeMode('conference', ['PCMU', 'PCMU']), 'mix');
  });

  it('join and leave publish the mode after the change', () => {
    const f = callFixture();
    const { a, b } = twoLegs(f);
    const c = f.model.createChannel({
      callId: 'c1',
      direction: 'outbound',
      role: 'conference',
      caller: '1',
      callee: '3',
      codec: 'PCMU',
    });
    const bridge = f.model.createBridge({ callId: 'c1' });
    f.model.join(bridge.id, a);
    f.model.join(bridge.id, b);
    f.model.join(bridge.id, c.id);
    f.model.leave(bridge.id, c.id);
    const modes = f.events
      .filter((e) => e.type === 'bridge.joined' || e.type === 'bridge.left')
      .map((e) => `${e.type}:${'mode' in e ? e.mode : ''}`);
    assert.deepEqual(modes, ['bridge.joined:mix', 'bridge.joined:relay', 'bridge.joined:mix', 'bridge.left:relay']);
    assert.deepEqual(f.model.bridge(bridge.id).members, [a, b]);
    assert.equal(f.model.channel(a).bridgeId, bridge.id);
  });

  it('a channel sits in one bridge at a time; leaving a bridge it is not in is refused', () => {
    const f = callFixture();
    const { a, b } = twoLegs(f);
    const x = f.model.createBridge({ callId: 'c1' });
    const y = f.model.createBridge({ callId: 'c1' });
    f.model.join(x.id, a);
    assert.throws(
      () => f.model.join(y.id, a),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_IN_BRIDGE',
    );
    assert.throws(
      () => f.model.leave(y.id, b),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_IN_BRIDGE',
    );
    assert.throws(
      () => f.model.join('nope', b),
      (e) => isAppError(e) && e.code === 'SWITCH_BRIDGE_NOT_FOUND',
    );
  });

  it('hang-up leaves the bridge and stops its taps before channel.hungup', () => {
    const f = callFixture();
    const { a, b } = twoLegs(f);
    const bridge = f.model.createBridge({ callId: 'c1' });
    f.model.answered(a);
    f.model.answered(b);
    f.model.join(bridge.id, a);
    f.model.join(bridge.id, b);
    f.model.startRecording({ target: { kind: 'channel', id: a }, file: 'a.wav', format: 'wav' });
    f.clock.advance(3000);
    const from = f.events.length;
    f.model.hungUp(a, 'normal-clearing', 'remote');
    assert.deepEqual(f.types().slice(from), ['bridge.left', 'recording.stopped', 'channel.hungup']);
    const stopped = f.events.find((e) => e.type === 'recording.stopped');
    assert.equal(stopped?.type === 'recording.stopped' && stopped.durationMs, 3000);
    assert.equal(f.model.channel(a).bridgeId, undefined);
    assert.deepEqual(f.model.bridge(bridge.id).members, [b]);
    assert.throws(
      () => f.model.join(bridge.id, a),
      (e) => isAppError(e) && e.code === 'SWITCH_CHANNEL_NOT_ACTIVE',
    );
  });

  it('closing a bridge removes its members and releases its taps, and refuses reuse', () => {
    const f = callFixture();
    const { a, b } = twoLegs(f);
    const bridge = f.model.createBridge({ callId: 'c1' });
    f.model.join(bridge.id, a);
    f.model.join(bridge.id, b);
    const rec = f.model.startRecording({ target: { kind: 'bridge', id: bridge.id }, file: 'mix.wav', format: 'wav' });
    const from = f.events.length;
    f.model.destroyBridge(bridge.id);
    assert.deepEqual(f.types().slice(from), ['bridge.left', 'bridge.left', 'recording.stopped', 'bridge.destroyed']);
    assert.deepEqual(f.model.activeRecordings(), []);
    assert.throws(
      () => f.model.stopRecording(rec.id),
      (e) => isAppError(e) && e.code === 'SWITCH_RECORDING_NOT_FOUND',
    );
    assert.throws(
      () => f.model.join(bridge.id, a),
      (e) => isAppError(e) && e.code === 'SWITCH_BRIDGE_CLOSED',
    );
    assert.throws(
      () => f.model.destroyBridge(bridge.id),
      (e) => isAppError(e) && e.code === 'SWITCH_BRIDGE_CLOSED',
    );
    assert.equal(f.model.channel(a).state, 'created', 'members stay up: closing a bridge hangs up nobody');
  });

  it('a finished call can be released; a live one cannot', () => {
    const f = callFixture();
    const { a, b } = twoLegs(f);
    const bridge = f.model.createBridge({ callId: 'c1' });
    f.model.join(bridge.id, a);
    f.model.hungUp(a, 'normal-clearing', 'remote');
    assert.equal(f.model.releaseCall('c1'), false);
    assert.equal(f.model.listChannels().length, 2);
    f.model.hungUp(b, 'normal-clearing', 'local');
    f.model.destroyBridge(bridge.id);
    assert.equal(f.model.releaseCall('c1'), true);
    assert.deepEqual(f.model.listChannels(), []);
    assert.throws(
      () => f.model.bridge(bridge.id),
      (e) => isAppError(e) && e.code === 'SWITCH_BRIDGE_NOT_FOUND',
    );
  });

  it('dtmf from all three sources is one kind of event', () => {
    const f = callFixture();
    const { a } = twoLegs(f);
    f.model.answered(a);
    f.model.dtmf(a, '1', 'rfc4733', 120);
    f.model.dtmf(a, '#', 'sip-info', 250);
    f.model.dtmf(a, '5', 'inband');
    const dtmf = f.events.filter((e) => e.type === 'dtmf.received');
    assert.deepEqual(
      dtmf.map((e) => (e.type === 'dtmf.received' ? `${e.digit}/${e.source}/${e.durationMs}` : '')),
      ['1/rfc4733/120', '#/sip-info/250', '5/inband/0'],
    );
  });
});
