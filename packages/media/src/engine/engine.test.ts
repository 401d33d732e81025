import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createCodec } from '../codecs/codec.ts';
import { readWav } from '../formats/wav-reader.ts';
import { serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { sleep, TestPhone, until } from '../testing/phone.ts';
import { dominantFrequency, sine } from '../testing/tone-analysis.ts';
import { MediaEngine } from './media-engine.ts';
import type { EngineEvent } from './protocol.ts';

let engine: MediaEngine;
const events: EngineEvent[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rexian-engine-'));
const base = 41000 + Math.floor(Math.random() * 200) * 20;
const PCMU = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };

before(async () => {
  engine = await MediaEngine.start({ workers: 2, portRange: { min: base, max: base + 399 } });
  engine.events.on('event', (e) => events.push(e));
});
after(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stream `pcm` from `phone` to `port` as 20 ms packets in real time. */
async function talk(phone: TestPhone, port: number, pcm: Int16Array, codecName: 'PCMU' | 'G722' = 'PCMU', pt = 0): Promise<void> {
  const codec = createCodec(codecName);
  const n = (codec.sampleRate * 20) / 1000;
  const pk = new RtpPacketizer({ payloadType: pt });
  const t0 = performance.now();
  for (let i = 0; i + n <= pcm.length; i += n) {
    phone.send(serializeRtp(pk.packetize(codec.encode(pcm.subarray(i, i + n)), 160)), port);
    const due = t0 + (i / n + 1) * 20;
    await sleep(Math.max(0, due - performance.now()));
  }
}

function decodeAll(phone: TestPhone, codecName: 'PCMU' | 'G722' = 'PCMU', pt = 0): Int16Array {
  const codec = createCodec(codecName);
  const pkts = phone.rtp().filter((p) => p.payloadType === pt);
  return Int16Array.from(pkts.flatMap((p) => [...codec.decode(p.payload)]));
}

test('echo endpoint returns every packet unchanged', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'echo1',
    kind: 'echo',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  const pk = new RtpPacketizer({ payloadType: 0 });
  const sent = Array.from({ length: 20 }, (_, i) => serializeRtp(pk.packetize(new Uint8Array(160).fill(i), 160)));
  for (const b of sent) phone.send(b, r.value.port);
  await until(() => phone.received.length === 20);
  assert.deepEqual(
    phone.received.map((x) => x.bytes),
    sent,
  );
  const stranger = await TestPhone.open();
  const before = await engine.stats('echo1');
  stranger.send(must(sent[0]), r.value.port);
  await sleep(100);
  assert.equal(stranger.received.length, 0, 'no reflection towards a source the signalling did not name');
  const afterStats = await engine.stats('echo1');
  assert.ok(before.ok && afterStats.ok && afterStats.value.rejectedForeign === before.value.rejectedForeign + 1);
  stranger.close();
  phone.close();
  await engine.request({ op: 'destroy', id: 'echo1' });
});

test('same-codec bridge relays packet for packet, and never from a foreign host port', async () => {
  const pa = await TestPhone.open();
  const pb = await TestPhone.open();
  const a = await engine.createEndpoint({
    id: 'legA',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: pa.port, relatchAfterSilenceMs: 0 },
  });
  assert.ok(a.ok);
  const b = await engine.createEndpoint(
    {
      id: 'legB',
      kind: 'rtp',
      codec: { ...PCMU, telephoneEventPayloadType: 96 },
      localAddress: '127.0.0.1',
      remote: { address: '127.0.0.1', port: pb.port },
    },
    'legA',
  );
  assert.ok(b.ok);
  assert.ok((await engine.request({ op: 'bridge', id: 'br1', endpoints: ['legA', 'legB'] })).ok);
  await sleep(60);
  pb.received.length = 0;
  const pk = new RtpPacketizer({ payloadType: 0, ssrc: 1234 });
  const sent = Array.from({ length: 30 }, (_, i) => serializeRtp(pk.packetize(new Uint8Array(160).fill(i), 160)));
  for (const bytes of sent) pa.send(bytes, a.value.port);
  const dtmf = serializeRtp(pk.packetizeAt(101, Uint8Array.of(5, 0x8a, 0, 160), 999, true));
  pa.send(dtmf, a.value.port);
  await until(() => pb.rtp().length >= 31);
  const got = pb.rtp();
  // Payloads pass untouched; the header is mapped into legB's own stream (relay-rewriter.ts): one SSRC,
  // consecutive sequence numbers, timestamps 160 apart, marker on the first packet of the new source.
  const first = must(got[0]);
  assert.deepEqual(
    got.slice(0, 30).map((p) => Buffer.from(p.payload).toString('hex')),
    sent.map((b) => Buffer.from(b.subarray(12)).toString('hex')),
    'payloads relayed unchanged',
  );
  assert.equal(first.marker, true);
  got.slice(0, 30).forEach((p, i) => {
    assert.equal(p.ssrc, first.ssrc);
    assert.notEqual(p.ssrc, 1234, "the caller's SSRC does not leak to the other leg");
    assert.equal(p.sequenceNumber, (first.sequenceNumber + i) & 0xffff);
    assert.equal(p.timestamp, (first.timestamp + 160 * i) >>> 0);
  });
  assert.equal(must(got[30]).payloadType, 96, 'telephone-event payload type mapped to the other leg');
  // A second source on the same host but another port is refused once latched (relatch disabled here).
  const intruder = await TestPhone.open();
  for (const bytes of sent.slice(0, 5)) intruder.send(bytes, a.value.port);
  await sleep(100);
  assert.equal(pb.rtp().length, 31);
  const s = await engine.stats('legA');
  assert.ok(s.ok);
  assert.equal(s.value.packetsRelayed, 31);
  assert.equal(s.value.rejectedForeign, 5);
  assert.deepEqual(s.value.latchedTo, { address: '127.0.0.1', port: pa.port });
  await until(() => events.some((e) => e.event === 'dtmf' && e.endpoint === 'legA' && e.digit === '5'));
  for (const p of [pa, pb, intruder]) p.close();
  await engine.request({ op: 'destroy', id: 'legA' });
  await engine.request({ op: 'destroy', id: 'legB' });
  assert.ok(
    events.some((e) => e.event === 'destroyed' && e.id === 'br1'),
    'destroying a leg destroys its bridge',
  );
});

test('PCMU ↔ G.722 bridge transcodes through the mixer', async () => {
  const pa = await TestPhone.open();
  const pb = await TestPhone.open();
  const a = await engine.createEndpoint({
    id: 'nb',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: pa.port },
  });
  const b = await engine.createEndpoint(
    {
      id: 'wb',
      kind: 'rtp',
      codec: { name: 'G722', payloadType: 9, ptimeMs: 20 },
      localAddress: '127.0.0.1',
      remote: { address: '127.0.0.1', port: pb.port },
    },
    'nb',
  );
  assert.ok(a.ok && b.ok);
  assert.ok((await engine.request({ op: 'bridge', id: 'br2', endpoints: ['nb', 'wb'] })).ok);
  await talk(pa, a.value.port, sine(1000, 8000, 1.2, 8000));
  await sleep(150);
  const heard = decodeAll(pb, 'G722', 9);
  const loud = heard.subarray(heard.findIndex((v) => Math.abs(v) > 2000) + 1600);
  assert.ok(loud.length > 8000, `${loud.length} samples with audio`);
  assert.ok(Math.abs(dominantFrequency(loud.subarray(0, 4096), 16000) - 1000) <= 3);
  pa.close();
  pb.close();
  await engine.request({ op: 'destroy', id: 'nb' });
  await engine.request({ op: 'destroy', id: 'wb' });
});

test('play a prompt while recording both directions to a stereo WAV; destroying the endpoint closes the tap', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'ivr',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  const path = join(dir, 'call.wav');
  assert.ok((await engine.request({ op: 'record', id: 'rec1', target: 'ivr', format: 'wav', channels: 2, path })).ok);
  assert.ok(
    (
      await engine.request({
        op: 'play',
        id: 'pl1',
        target: 'ivr',
        prompts: [{ samples: sine(440, 16000, 1, 8000), sampleRate: 16000 }],
      })
    ).ok,
  );
  await talk(phone, r.value.port, sine(1300, 8000, 1.2, 8000));
  await until(() => events.some((e) => e.event === 'playFinished' && e.id === 'pl1' && e.reason === 'completed'));
  const heard = decodeAll(phone);
  const start = heard.findIndex((v) => Math.abs(v) > 2000);
  assert.ok(Math.abs(dominantFrequency(heard.subarray(start + 800, start + 4800), 8000) - 440) <= 2);
  await engine.request({ op: 'destroy', id: 'ivr' });
  await until(() => events.some((e) => e.event === 'recordFinished' && e.id === 'rec1'));
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok);
  const [callerSide, ourSide] = wav.value.channels as [Int16Array, Int16Array];
  const c0 = callerSide.findIndex((v) => Math.abs(v) > 2000);
  const o0 = ourSide.findIndex((v) => Math.abs(v) > 2000);
  assert.ok(c0 >= 0 && o0 >= 0);
  assert.ok(Math.abs(dominantFrequency(callerSide.subarray(c0 + 800, c0 + 4800), 8000) - 1300) <= 2);
  assert.ok(Math.abs(dominantFrequency(ourSide.subarray(o0 + 800, o0 + 4800), 8000) - 440) <= 2);
  phone.close();
});

test('a DTMF digit barges into a prompt', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'menu',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  await engine.request({
    op: 'play',
    id: 'pl2',
    target: 'menu',
    prompts: [{ samples: sine(440, 8000, 5), sampleRate: 8000 }],
    bargeIn: true,
  });
  await sleep(200);
  const pk = new RtpPacketizer({ payloadType: 101 });
  for (const [dur, end] of [
    [160, false],
    [320, false],
    [480, true],
    [480, true],
    [480, true],
  ] as const) {
    phone.send(
      serializeRtp(pk.packetizeAt(101, Uint8Array.of(11, end ? 0x8a : 0x0a, dur >> 8, dur & 0xff), 5000, dur === 160)),
      r.value.port,
    );
  }
  await until(() => events.some((e) => e.event === 'playFinished' && e.id === 'pl2'));
  const fin = events.find((e) => e.event === 'playFinished' && e.id === 'pl2');
  assert.deepEqual(fin, { event: 'playFinished', id: 'pl2', reason: 'barge-in', digit: '#' });
  assert.equal(
    events.filter((e) => e.event === 'dtmf' && e.endpoint === 'menu').length,
    1,
    'one digit despite three end packets',
  );
  phone.close();
  await engine.request({ op: 'destroy', id: 'menu' });
});

test("shard stats report every worker's clock health", async () => {
  const s = await engine.shardStats();
  assert.ok(s.ok);
  assert.equal(s.value.length, 2);
  for (const w of s.value) {
    assert.ok(w.clock.ticks > 10, 'the 20 ms clock is running');
    assert.ok(w.maxTickMs >= 0 && w.maxTickMs < 1000);
  }
});

test('unknown ids and cross-worker bridges are typed errors', async () => {
  const nf = await engine.request({ op: 'destroy', id: 'nope' });
  assert.ok(!nf.ok && nf.error.code === 'MEDIA_NOT_FOUND');
  const x = await engine.createEndpoint({ id: 'x1', kind: 'rtp', codec: PCMU, localAddress: '127.0.0.1' });
  const y = await engine.createEndpoint({ id: 'y1', kind: 'rtp', codec: PCMU, localAddress: '127.0.0.1' });
  assert.ok(x.ok && y.ok);
  const cross = await engine.request({ op: 'bridge', id: 'bx', endpoints: ['x1', 'y1'] });
  assert.ok(!cross.ok && cross.error.code === 'MEDIA_BAD_COMMAND', 'x1 and y1 were placed on different workers');
  const dup = await engine.createEndpoint({ id: 'x1', kind: 'rtp', codec: PCMU, localAddress: '127.0.0.1' }, 'x1');
  assert.equal(dup.ok, false);
  await engine.request({ op: 'destroy', id: 'x1' });
  await engine.request({ op: 'destroy', id: 'y1' });
});

test('recording tap on a relayed bridge decodes both legs; destroying the bridge closes the tap, not the legs', async () => {
  const pa = await TestPhone.open();
  const pb = await TestPhone.open();
  const a = await engine.createEndpoint({
    id: 'ra',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: pa.port },
  });
  const b = await engine.createEndpoint(
    { id: 'rb', kind: 'rtp', codec: PCMU, localAddress: '127.0.0.1', remote: { address: '127.0.0.1', port: pb.port } },
    'ra',
  );
  assert.ok(a.ok && b.ok);
  await engine.request({ op: 'bridge', id: 'br3', endpoints: ['ra', 'rb'] });
  const path = join(dir, 'bridge.wav');
  assert.ok((await engine.request({ op: 'record', id: 'rec3', target: 'br3', format: 'wav', channels: 2, path })).ok);
  await Promise.all([talk(pa, a.value.port, sine(600, 8000, 1, 8000)), talk(pb, b.value.port, sine(1500, 8000, 1, 8000))]);
  await sleep(150);
  assert.ok((await engine.request({ op: 'destroy', id: 'br3' })).ok);
  await until(() => events.some((e) => e.event === 'recordFinished' && e.id === 'rec3'));
  assert.ok(events.some((e) => e.event === 'destroyed' && e.id === 'rec3'));
  assert.ok((await engine.stats('ra')).ok, 'the legs survive the bridge');
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok);
  const [left, right] = wav.value.channels as [Int16Array, Int16Array];
  const l0 = left.findIndex((v) => Math.abs(v) > 2000);
  const r0 = right.findIndex((v) => Math.abs(v) > 2000);
  assert.ok(Math.abs(dominantFrequency(left.subarray(l0 + 400, l0 + 4400), 8000) - 600) <= 2);
  assert.ok(Math.abs(dominantFrequency(right.subarray(r0 + 400, r0 + 4400), 8000) - 1500) <= 2);
  const relayed = await engine.stats('ra');
  assert.ok(relayed.ok && relayed.value.packetsRelayed >= 45, 'still relayed packet for packet while recording');
  pa.close();
  pb.close();
  await engine.request({ op: 'destroy', id: 'ra' });
  await engine.request({ op: 'destroy', id: 'rb' });
});

test('ringback tone plays its cadence; pause and resume hold a prompt', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'ring',
    kind: 'rtp',
    codec: PCMU,
    localAddress: '127.0.0.1',
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  assert.ok((await engine.request({ op: 'playTone', id: 'rb', target: 'ring', tone: 'ringback' })).ok);
  await sleep(1600);
  const pcm = decodeAll(phone);
  const on = pcm.findIndex((v) => Math.abs(v) > 1000);
  assert.ok(on >= 0);
  assert.ok(Math.abs(dominantFrequency(pcm.subarray(on + 400, on + 4400), 8000) - 450) <= 2);
  const level = (from: number) => Math.max(...Array.from(pcm.subarray(from, from + 800), (v) => Math.abs(v)));
  assert.ok(level(on + 7000) > 1000, 'still on before 1 s');
  assert.ok(level(on + 8400) < 50, 'off after 1 s');
  await engine.request({ op: 'stopPlay', id: 'rb' });
  await until(() => events.some((e) => e.event === 'playFinished' && e.id === 'rb' && e.reason === 'stopped'));

  assert.ok(
    (
      await engine.request({
        op: 'play',
        id: 'moh',
        target: 'ring',
        prompts: [{ samples: sine(700, 8000, 3, 8000), sampleRate: 8000 }],
      })
    ).ok,
  );
  await sleep(300);
  assert.ok((await engine.request({ op: 'pausePlay', id: 'moh' })).ok);
  await sleep(100);
  phone.received.length = 0;
  await sleep(300);
  assert.ok(
    decodeAll(phone).every((v) => Math.abs(v) < 50),
    'silence while paused',
  );
  assert.ok((await engine.request({ op: 'resumePlay', id: 'moh' })).ok);
  await sleep(300);
  const resumed = decodeAll(phone);
  const start = resumed.findIndex((v) => Math.abs(v) > 1000);
  assert.ok(start >= 0 && Math.abs(dominantFrequency(resumed.subarray(start, start + 1600), 8000) - 700) <= 3);
  const bad = await engine.request({ op: 'pausePlay', id: 'ring' });
  assert.ok(!bad.ok && bad.error.code === 'MEDIA_NOT_FOUND', 'only playbacks can be paused');
  phone.close();
  await engine.request({ op: 'destroy', id: 'ring' });
});
