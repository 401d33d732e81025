import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { createCodec } from '../codecs/codec.ts';
import { parseTelephoneEvent } from '../dsp/dtmf-event.ts';
import { parseRtp, serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { readPcapUdp } from '../testing/pcap.ts';
import { sleep, TestPhone, until } from '../testing/phone.ts';
import { dominantFrequency, rms, sine } from '../testing/tone-analysis.ts';
import { MediaEngine } from './media-engine.ts';
import type { EngineEvent } from './protocol.ts';

/** SIPp's bundled RTP captures (Debian package sip-tester). */
const SIPP = '/usr/share/sip-tester';
let engine: MediaEngine;
const events: EngineEvent[] = [];
const base = 45000 + Math.floor(Math.random() * 200) * 20;

before(async () => {
  engine = await MediaEngine.start({ workers: 1, portRange: { min: base, max: base + 199 } });
  engine.events.on('event', (e) => events.push(e));
});
after(() => engine.close());

test("SIPp's RFC 2833 pcaps: every digit is detected once with the captured duration", async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'dtmf-leg',
    kind: 'rtp',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMA', payloadType: 8, telephoneEventPayloadType: 101, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  const names = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'star', 'pound'];
  const expectedMs: number[] = [];
  for (const name of names) {
    const packets = readPcapUdp(`${SIPP}/dtmf_2833_${name}.pcap`);
    const last = parseRtp(must(packets.at(-1)).payload);
    assert.ok(last.ok);
    expectedMs.push(must(parseTelephoneEvent(last.value.payload)).duration / 8);
    const t0 = performance.now();
    for (const p of packets) {
      await sleep(Math.max(0, t0 + p.atMs - performance.now()));
      phone.send(p.payload, r.value.port);
    }
    await sleep(60);
  }
  await until(() => events.filter((e) => e.event === 'dtmf').length >= 12);
  await sleep(300);
  const digits = events.filter(
    (e): e is Extract<EngineEvent, { event: 'dtmf' }> => e.event === 'dtmf' && e.endpoint === 'dtmf-leg',
  );
  assert.equal(digits.map((d) => d.digit).join(''), '0123456789*#');
  assert.deepEqual(
    digits.map((d) => d.durationMs),
    expectedMs,
  );
  assert.ok(digits.every((d) => d.source === 'rfc4733'));
  phone.close();
  await engine.request({ op: 'destroy', id: 'dtmf-leg' });
});

test("SIPp's g711a.pcap played at an echo endpoint comes back byte for byte", async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'echo',
    kind: 'echo',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMA', payloadType: 8, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  const packets = readPcapUdp(`${SIPP}/g711a.pcap`);
  assert.equal(packets.length, 236, 'the whole 4.7 s capture');
  for (let i = 0; i < packets.length; i++) {
    phone.send(must(packets[i]).payload, r.value.port);
    if (i % 25 === 24) await sleep(5); // 5× real time, gentle on socket buffers
  }
  await until(() => phone.received.length === packets.length, 5000);
  const back = new Set(phone.received.map((x) => Buffer.from(x.bytes).toString('hex')));
  assert.ok(packets.every((p) => back.has(Buffer.from(p.payload).toString('hex'))));
  const audio = packets.map((p) => parseRtp(p.payload)).filter((p) => p.ok && p.value.payloadType === 8);
  assert.equal(audio.length, 236, 'the capture is PCMA audio');
  phone.close();
  await engine.request({ op: 'destroy', id: 'echo' });
});

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('impairment shim (5 % loss, 0–40 ms jitter, reordering): playout stays continuous, loss is concealed, stats are right', async () => {
  const phone = await TestPhone.open();
  const shim = createSocket('udp4');
  await new Promise<void>((res) => shim.bind(0, '127.0.0.1', () => res()));
  shim.unref();
  const shimPort = shim.address().port;
  const r = await engine.createEndpoint({
    id: 'loop',
    kind: 'loopback',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: shimPort },
  });
  assert.ok(r.ok);
  const rnd = lcg(2024);
  let dropped = 0;
  let forwarded = 0;
  const shimSent: Array<{ at: number; ts: number }> = [];
  let refJitter = 0;
  const samples: Array<Promise<[number, number]>> = [];
  shim.on('message', (msg, rinfo) => {
    if (rinfo.port === r.value.port || rinfo.port === r.value.port + 1) {
      shim.send(msg, phone.port, '127.0.0.1'); // engine → phone: clean
      return;
    }
    const seq = msg.readUInt16BE(2);
    if (rnd() < 0.05 && seq % 150 !== 0) {
      dropped++;
      return;
    }
    forwarded++;
    setTimeout(() => {
      // Reference jitter: RFC 3550 §A.8 over the shim's real send times (host scheduling noise included).
      const now = { at: performance.now(), ts: msg.readUInt32BE(4) };
      const last = shimSent.at(-1);
      if (last) refJitter += (Math.abs(now.at - last.at - (now.ts - last.ts) / 8) - refJitter) / 16;
      shimSent.push(now);
      shim.send(msg, r.value.port, '127.0.0.1');
    }, rnd() * 40);
  });
  const codec = createCodec('PCMU');
  const tone = sine(1000, 8000, 4, 8000);
  const pk = new RtpPacketizer({ payloadType: 0, initialSequence: 0 });
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) {
    phone.send(serializeRtp(pk.packetize(codec.encode(tone.subarray(i * 160, i * 160 + 160)), 160)), shimPort);
    // Both estimates are exponential averages over ~16 packets, noisy one by one: sample them together
    // every 200 ms after a 1 s warm-up and compare the means.
    if (i >= 50 && i % 10 === 0) {
      const ref = refJitter;
      samples.push(engine.stats('loop').then((x) => [x.ok ? x.value.jitterMs : Number.NaN, ref]));
    }
    await sleep(Math.max(0, t0 + (i + 1) * 20 - performance.now()));
  }
  await sleep(300);
  const s = await engine.stats('loop');
  assert.ok(s.ok);
  const st = s.value;
  assert.ok(dropped >= 4 && dropped <= 20, `shim dropped ${dropped}`);
  assert.equal(st.packetsReceived, forwarded);
  assert.ok(Math.abs(st.cumulativeLost - dropped) <= 1, `lost ${st.cumulativeLost} vs dropped ${dropped}`);
  const pairs = await Promise.all(samples);
  const mean = (k: 0 | 1) => pairs.reduce((a, p) => a + p[k], 0) / pairs.length;
  const [engineJ, refJ] = [mean(0), mean(1)];
  assert.ok(refJ > 6, `the shim added jitter (${refJ} ms)`);
  assert.ok(
    Math.abs(engineJ - refJ) < Math.max(3, 0.25 * refJ),
    `engine jitter ${engineJ} ms vs reference ${refJ} ms (means of ${pairs.length})`,
  );
  const jb = must(st.jitterBuffer);
  assert.ok(Math.abs(jb.concealed - dropped) <= jb.late + 2, `concealed ${jb.concealed}, late ${jb.late}, dropped ${dropped}`);
  // What came back: one packet every 20 ms with consecutive sequence numbers, and the tone without holes.
  const back = phone.rtp().filter((p) => p.payloadType === 0);
  for (let i = 1; i < back.length; i++)
    assert.equal((must(back[i]).sequenceNumber - must(back[i - 1]).sequenceNumber) & 0xffff, 1);
  const pcm = Int16Array.from(back.flatMap((p) => [...codec.decode(p.payload)]));
  const first = pcm.findIndex((v) => Math.abs(v) > 2000);
  const talk = pcm.subarray(first + 160, first + 160 * 190);
  const level = rms(tone);
  let weakest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 160 <= talk.length; i += 160) weakest = Math.min(weakest, rms(talk, i, i + 160));
  assert.ok(weakest > 0.5 * level, `weakest 20 ms frame at ${(weakest / level).toFixed(2)} of the tone level`);
  assert.ok(Math.abs(dominantFrequency(talk.subarray(0, 4096), 8000) - 1000) <= 2);
  phone.close();
  shim.close();
  await engine.request({ op: 'destroy', id: 'loop' });
});
