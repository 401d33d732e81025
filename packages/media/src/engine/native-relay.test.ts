import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { createSystemClock } from '@rexian/kernel';
import { serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { sleep, TestPhone, until } from '../testing/phone.ts';
import { NativeUdp } from './native-udp.ts';
import type { EndpointStats, EngineEvent } from './protocol.ts';
import { memoryRecordingSink } from './recording-file.ts';
import { MediaShard, type SocketFactory } from './shard.ts';
import { loadUdpBatch } from './udp-batch-addon.ts';

// The relay fast path in the addon (native-relay.ts), whatever REXIAN_MEDIA_NATIVE says for the engine:
// a shard on the system clock with NativeUdp sockets, driven directly.
const load = loadUdpBatch({});
if (!load.ok) throw new Error(`udp_batch addon unavailable: ${load.reason}`);
const addon = load.addon;

const PCMU = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };
let nextRange = 47000 + Math.floor(Math.random() * 50) * 20;

async function relayShard() {
  const udp = new NativeUdp(addon, { pollMs: 1 });
  const sockets: SocketFactory = {
    bind: (port, address, onMessage) => udp.bind(port, address, onMessage),
    poll: () => udp.poll(),
  };
  const events: EngineEvent[] = [];
  const shard = new MediaShard({
    range: { min: nextRange, max: nextRange + 19 },
    clock: createSystemClock(),
    sockets,
    sinks: memoryRecordingSink(new Map()),
    emit: (e) => events.push(e),
  });
  nextRange += 20;
  shard.clock.start();
  const pa = await TestPhone.open();
  const pb = await TestPhone.open();
  const create = async (id: string, port: number, codec: typeof PCMU, relatchAfterSilenceMs?: number) => {
    const r = await shard.handle({
      op: 'createEndpoint',
      id,
      kind: 'rtp',
      codec,
      localAddress: '127.0.0.1',
      remote: { address: '127.0.0.1', port, ...(relatchAfterSilenceMs === undefined ? {} : { relatchAfterSilenceMs }) },
    });
    assert.ok(r.ok && r.value.op === 'createEndpoint');
    return r.value.port;
  };
  // Leg B numbers PCMU 107 and telephone-event 96: the fast path must map payload types too.
  const portA = await create('a', pa.port, PCMU, 0);
  const portB = await create('b', pb.port, { ...PCMU, payloadType: 107, telephoneEventPayloadType: 96 });
  assert.ok((await shard.handle({ op: 'bridge', id: 'br', endpoints: ['a', 'b'] })).ok);
  const stats = async (id: string): Promise<EndpointStats> => {
    const r = await shard.handle({ op: 'stats', target: id });
    assert.ok(r.ok && r.value.op === 'stats');
    return r.value.stats;
  };
  const relayedToB = () => pb.rtp().filter((p) => p.payloadType === 107 && p.payload.length === 160);
  return {
    udp,
    shard,
    events,
    pa,
    pb,
    portA,
    portB,
    stats,
    relayedToB,
    async close() {
      pa.close();
      pb.close();
      await shard.handle({ op: 'shutdown' });
    },
  };
}

/** Phone A's packets, paced so each arrives in its own poll (a burst in one poll would go to JS after the first). */
async function speak(t: Awaited<ReturnType<typeof relayShard>>, pk: RtpPacketizer, count: number, skip?: number) {
  for (let i = 0; i < count; i++) {
    const p = pk.packetize(new Uint8Array(160).fill(i & 0x7f), 160);
    if (i !== skip) t.pa.send(serializeRtp(p), t.portA);
    await sleep(i === 0 ? 30 : 3);
  }
}

test('native fast path: forwards with the header rewrite inside the receive call, and counts like the JS relay', async () => {
  const t = await relayShard();
  try {
    const pk = new RtpPacketizer({ payloadType: 0, ssrc: 4242, initialSequence: 65530, initialTimestamp: 1000 });
    await speak(t, pk, 40, 20); // sequence numbers wrap; the 21st packet is "lost"
    await until(() => t.relayedToB().length >= 39);
    const got = t.relayedToB();
    assert.equal(got.length, 39);
    const first = must(got[0]);
    assert.equal(first.marker, true, 'the first packet of the new source is marked');
    assert.notEqual(first.ssrc, 4242, "the caller's SSRC does not leak to the other leg");
    got.forEach((p, k) => {
      const i = k < 20 ? k : k + 1; // index of the packet sent
      assert.equal(p.ssrc, first.ssrc);
      assert.equal(p.sequenceNumber, (first.sequenceNumber + i) & 0xffff);
      assert.equal(p.timestamp, (first.timestamp + 160 * i) >>> 0);
      assert.equal(p.payload[0], i & 0x7f, 'payload untouched');
      if (k > 0) assert.equal(p.marker, false);
    });
    const io = t.udp.stats();
    assert.ok(io.forwarded >= 30, `most packets forwarded natively: ${JSON.stringify(io)}`);
    const a = await t.stats('a');
    assert.equal(a.packetsReceived, 39);
    assert.equal(a.packetsRelayed, 39);
    assert.equal(a.cumulativeLost, 1, 'the skipped packet counts as lost (RFC 3550 A.3), across the wrap');
    assert.ok(Number.isFinite(a.jitterMs) && a.jitterMs >= 0 && a.jitterMs < 100, `jitter ${a.jitterMs}`);
    assert.deepEqual(a.latchedTo, { address: '127.0.0.1', port: t.pa.port });
    const b = await t.stats('b');
    assert.ok(b.packetsSent >= 39, `leg B counts what the addon sent in its name: ${b.packetsSent}`);
    // After the native run, JS continues the same stream: an RFC 4733 event goes through JS (for the
    // dtmf event) and follows the relayed audio in leg B's numbering, with B's payload type.
    for (const [k, end] of [false, false, true, true, true].entries()) {
      const ev = pk.packetizeAt(101, Uint8Array.of(7, end ? 0x8a : 0x0a, 0, 160 + k * 160), pk.nextTimestamp, k === 0);
      t.pa.send(serializeRtp(ev), t.portA);
      await sleep(3);
    }
    await until(() => t.events.some((e) => e.event === 'dtmf' && e.digit === '7'));
    await until(() => t.pb.rtp().some((p) => p.payloadType === 96));
    const ev = must(t.pb.rtp().find((p) => p.payloadType === 96));
    assert.equal(ev.ssrc, first.ssrc);
    assert.equal(ev.sequenceNumber, (first.sequenceNumber + 40) & 0xffff, 'continues after the natively relayed packets');
  } finally {
    await t.close();
  }
});

test('native fast path: a source other than the latched one is never forwarded (RTP bleed), before or after', async () => {
  const t = await relayShard();
  const intruder = await TestPhone.open(); // same host, another port: relatching is off for leg A
  const foreign = createSocket('udp4'); // another host
  await new Promise<void>((r) => foreign.bind(0, '127.0.0.2', () => r()));
  try {
    const pk = new RtpPacketizer({ payloadType: 0, ssrc: 99 });
    await speak(t, pk, 10);
    await until(() => t.relayedToB().length >= 10);
    assert.ok(t.udp.stats().forwarded >= 5);
    // The intruder copies the caller's SSRC and sequence: only the source address tells them apart.
    for (let i = 0; i < 10; i++) {
      const bytes = serializeRtp(pk.packetize(new Uint8Array(160).fill(0x55), 160));
      intruder.send(bytes, t.portA);
      foreign.send(bytes, t.portA, '127.0.0.1');
      await sleep(3);
    }
    await sleep(50);
    assert.equal(t.relayedToB().length, 10, 'nothing from the intruders reached leg B');
    assert.ok(!t.relayedToB().some((p) => p.payload[0] === 0x55));
    const a = await t.stats('a');
    assert.equal(a.rejectedForeign, 20);
    assert.equal(a.packetsRelayed, 10);
    assert.deepEqual(a.latchedTo, { address: '127.0.0.1', port: t.pa.port });
  } finally {
    intruder.close();
    foreign.close();
    await t.close();
  }
});

test('native fast path: a prompt on leg B holds back A’s audio; unbridging returns every packet to JS', async () => {
  const t = await relayShard();
  try {
    const pk = new RtpPacketizer({ payloadType: 0, ssrc: 5 });
    await speak(t, pk, 10);
    await until(() => t.relayedToB().length >= 10);
    const prompt = { samples: new Int16Array(8000), sampleRate: 8000 };
    assert.ok((await t.shard.handle({ op: 'play', id: 'pl', target: 'b', prompts: [prompt] })).ok);
    const before = t.relayedToB().length;
    await speak(t, pk, 10);
    await sleep(30);
    assert.ok(
      !t.relayedToB().some((p, k) => k >= before && (p.payload[0] as number) < 10),
      'while B hears a prompt nothing of A is relayed',
    );
    assert.equal((await t.stats('a')).packetsReceived, 20, 'A still counts what it receives');
    assert.ok((await t.shard.handle({ op: 'destroy', id: 'br' })).ok);
    const forwarded = t.udp.stats().forwarded;
    await speak(t, pk, 5);
    await sleep(30);
    assert.equal(t.udp.stats().forwarded, forwarded, 'no rule survives the bridge');
    assert.equal((await t.stats('a')).packetsReceived, 25);
  } finally {
    await t.close();
  }
});
