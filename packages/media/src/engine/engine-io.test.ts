import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { createMemoryLogger } from '@rexian/kernel';
import { serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { TestPhone, until } from '../testing/phone.ts';
import { MediaEngine, type MediaEngineOptions } from './media-engine.ts';

const PCMU = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };
const base = 45000 + Math.floor(Math.random() * 100) * 20;

/** Relay 20 packets A → B through a same-codec bridge; returns what B got and the shard's I/O figures. */
async function relayThrough(options: Omit<MediaEngineOptions, 'workers' | 'portRange'>, offset: number) {
  const engine = await MediaEngine.start({ workers: 1, portRange: { min: base + offset, max: base + offset + 19 }, ...options });
  const pa = await TestPhone.open();
  const pb = await TestPhone.open();
  try {
    const a = await engine.createEndpoint({
      id: 'a',
      kind: 'rtp',
      codec: PCMU,
      localAddress: '127.0.0.1',
      remote: { address: '127.0.0.1', port: pa.port },
    });
    const b = await engine.createEndpoint(
      { id: 'b', kind: 'rtp', codec: PCMU, localAddress: '127.0.0.1', remote: { address: '127.0.0.1', port: pb.port } },
      'a',
    );
    assert.ok(a.ok && b.ok);
    assert.ok((await engine.request({ op: 'bridge', id: 'br', endpoints: ['a', 'b'] })).ok);
    const pk = new RtpPacketizer({ payloadType: 0, ssrc: 77 });
    const sent = Array.from({ length: 20 }, (_, i) => new Uint8Array(160).fill(i));
    for (const [i, payload] of sent.entries()) {
      pa.send(serializeRtp(pk.packetize(payload, 160)), a.value.port);
      // The first packet of a source latches and maps it in JavaScript; the native fast path takes the rest.
      if (i === 0) await new Promise((r) => setTimeout(r, 50));
    }
    // Ours, not B's idle silence (0xFF) from before the bridge; compared by payload, whatever the relay
    // does to the header.
    const relayed = () =>
      pb
        .rtp()
        .filter((p) => p.payloadType === 0 && p.payload.length === 160 && (p.payload[0] as number) < 20)
        .map((p) => Uint8Array.from(p.payload));
    await until(() => relayed().length >= 20);
    const got = relayed();
    const all = await engine.shardStats();
    assert.ok(all.ok);
    return { io: engine.io, got, sent, stats: must(all.value[0]) };
  } finally {
    pa.close();
    pb.close();
    await engine.close();
  }
}

test('the workers batch UDP through the udp_batch addon unless REXIAN_MEDIA_NATIVE=0', async () => {
  const expected = process.env.REXIAN_MEDIA_NATIVE === '0' ? 'dgram' : 'native';
  const r = await relayThrough({}, 0);
  assert.equal(r.io, expected);
  assert.equal(r.stats.io?.mode, expected);
  assert.deepEqual(r.got, r.sent, 'every payload relayed, in order');
  if (expected === 'native') {
    const n = must(r.stats.io?.native);
    // The first packet of the source goes through JavaScript; then the addon's fast path forwards.
    assert.ok(n.received + n.forwarded >= 20 && n.sent + n.forwarded >= 20, JSON.stringify(n));
    assert.ok(n.forwarded > 0, 'the relay fast path forwarded');
    assert.equal(n.truncated, 0);
    assert.ok(n.recvCalls <= n.received + n.forwarded + 2 * n.polls, 'no more than one receive call per ready socket');
  }
});

test('REXIAN_MEDIA_NATIVE=0 takes the pure-JS dgram path, says so once, and relays the same', async () => {
  const saved = process.env.REXIAN_MEDIA_NATIVE;
  process.env.REXIAN_MEDIA_NATIVE = '0'; // workers copy the environment when they start
  const logger = createMemoryLogger();
  try {
    const r = await relayThrough({ logger }, 20);
    assert.equal(r.io, 'dgram');
    assert.equal(r.stats.io?.mode, 'dgram');
    assert.deepEqual(r.got, r.sent);
    const notes = logger.entries.filter((e) => e.io === 'dgram');
    assert.equal(notes.length, 1, 'logged once for the engine');
    assert.equal(notes[0]?.level, 'info', 'switched off on purpose: not a warning');
    assert.match(String(notes[0]?.reason), /REXIAN_MEDIA_NATIVE=0/);
  } finally {
    if (saved === undefined) delete process.env.REXIAN_MEDIA_NATIVE;
    else process.env.REXIAN_MEDIA_NATIVE = saved;
  }
});

test("io: 'dgram' is honoured, and io: 'native' starts only where the addon loads", async () => {
  const r = await relayThrough({ io: 'dgram' }, 40);
  assert.equal(r.io, 'dgram');
  assert.deepEqual(r.got, r.sent);
  if (process.env.REXIAN_MEDIA_NATIVE === '0') {
    await assert.rejects(MediaEngine.start({ workers: 1, portRange: { min: base + 60, max: base + 79 }, io: 'native' }));
  } else {
    const n = await relayThrough({ io: 'native', pollMs: 1 }, 60);
    assert.equal(n.io, 'native');
    assert.deepEqual(n.got, n.sent);
  }
});

test('IPv6: an echo endpoint on ::1 mirrors packets (native and dgram alike)', async () => {
  const engine = await MediaEngine.start({ workers: 1, portRange: { min: base + 80, max: base + 99 } });
  const phone = createSocket('udp6');
  const back: Uint8Array[] = [];
  phone.on('message', (m) => back.push(Uint8Array.from(m)));
  try {
    await new Promise<void>((r) => phone.bind(0, '::1', () => r()));
    const e = await engine.createEndpoint({
      id: 'e6',
      kind: 'echo',
      codec: PCMU,
      localAddress: '::1',
      remote: { address: '::1', port: phone.address().port },
    });
    assert.ok(e.ok, 'bound on ::1');
    const pk = new RtpPacketizer({ payloadType: 0, ssrc: 66 });
    const sent = Array.from({ length: 5 }, (_, i) => serializeRtp(pk.packetize(new Uint8Array(160).fill(i), 160)));
    for (const bytes of sent) phone.send(bytes, e.value.port, '::1');
    await until(() => back.length >= 5);
    assert.deepEqual(back, sent);
    const s = await engine.stats('e6');
    assert.ok(s.ok);
    assert.deepEqual(s.value.latchedTo, { address: '::1', port: phone.address().port });
  } finally {
    phone.close();
    await engine.close();
  }
});
