import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { createCodec } from '../codecs/codec.ts';
import { DtmfRfc4733Receiver } from '../dsp/dtmf-rfc4733-receiver.ts';
import { buildRtcp } from '../rtp/rtcp-packet.ts';
import { serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { sleep, TestPhone, until } from '../testing/phone.ts';
import { MediaEngine } from './media-engine.ts';
import type { EngineEvent } from './protocol.ts';

let engine: MediaEngine;
const events: EngineEvent[] = [];
const base = 49000 + Math.floor(Math.random() * 100) * 20;

before(async () => {
  engine = await MediaEngine.start({ workers: 1, portRange: { min: base, max: base + 99 } });
  engine.events.on('event', (e) => events.push(e));
});
after(() => engine.close());

const ROW = [697, 770, 852, 941];
const COL = [1209, 1336, 1477];
const KEYS = ['123', '456', '789', '*0#'];

function keypad(digits: string): Int16Array {
  const out: number[] = [];
  for (const d of digits) {
    const r = KEYS.findIndex((k) => k.includes(d));
    const c = must(KEYS[r]).indexOf(d);
    for (let i = 0; i < 8000 * 0.08; i++)
      out.push(
        Math.round(
          5000 * Math.sin((2 * Math.PI * must(ROW[r]) * i) / 8000) + 5000 * Math.sin((2 * Math.PI * must(COL[c]) * i) / 8000),
        ),
      );
    for (let i = 0; i < 8000 * 0.08; i++) out.push(0);
  }
  return Int16Array.from(out);
}

test('in-band DTMF from a phone without telephone-event is detected by the engine', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'old-phone',
    kind: 'rtp',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMA', payloadType: 8, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  const pcma = createCodec('PCMA');
  const pk = new RtpPacketizer({ payloadType: 8 });
  const audio = keypad('159#0');
  const t0 = performance.now();
  for (let i = 0; i * 160 < audio.length; i++) {
    phone.send(serializeRtp(pk.packetize(pcma.encode(audio.subarray(i * 160, i * 160 + 160)), 160)), r.value.port);
    await sleep(Math.max(0, t0 + (i + 1) * 20 - performance.now()));
  }
  await until(() => events.filter((e) => e.event === 'dtmf' && e.endpoint === 'old-phone').length >= 5);
  const got = events.filter(
    (e): e is Extract<EngineEvent, { event: 'dtmf' }> => e.event === 'dtmf' && e.endpoint === 'old-phone',
  );
  assert.equal(got.map((e) => e.digit).join(''), '159#0');
  assert.ok(got.every((e) => e.source === 'inband'));
  // 80 ms keys; the jitter buffer may stretch or shorten playout by a frame or two on a loaded host.
  const durations = got.map((e) => e.durationMs);
  assert.ok(
    durations.every((d) => d >= 40 && d <= 140),
    `durations ${durations.join(', ')} ms`,
  );
  phone.close();
  await engine.request({ op: 'destroy', id: 'old-phone' });
});

test('sendDtmf emits RFC 4733 packets a receiver decodes as one digit of the asked duration', async () => {
  const phone = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'dialer',
    kind: 'rtp',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: phone.port },
  });
  assert.ok(r.ok);
  await sleep(100);
  assert.ok((await engine.request({ op: 'sendDtmf', target: 'dialer', digit: '7', durationMs: 160 })).ok);
  await sleep(400);
  const rx = new DtmfRfc4733Receiver({ clockRate: 8000 });
  const pkts = phone.rtp();
  const notices = pkts
    .filter((p) => p.payloadType === 101)
    .flatMap((p) => rx.process({ kind: 'packet', timestamp: p.timestamp, marker: p.marker, payload: p.payload, nowMs: 0 }));
  assert.deepEqual(
    notices.map((n) => (n.type === 'end' ? `${n.digit}:${n.durationMs}` : `begin:${n.digit}`)),
    ['begin:7', '7:160'],
  );
  const seqs = pkts.map((p) => p.sequenceNumber);
  for (let i = 1; i < seqs.length; i++)
    assert.equal((must(seqs[i]) - must(seqs[i - 1])) & 0xffff, 1, 'one sequence space for audio and events');
  const firstEvent = pkts.findIndex((p) => p.payloadType === 101);
  const after = pkts.slice(firstEvent).find((p) => p.payloadType === 0);
  assert.ok(after?.marker, 'audio resumes with the marker bit');
  phone.close();
  await engine.request({ op: 'destroy', id: 'dialer' });
});

test('RTP bleed: a host the signalling never named cannot inject media, before or after latching', async () => {
  const phone = await TestPhone.open();
  const other = await TestPhone.open();
  const r = await engine.createEndpoint({
    id: 'victim',
    kind: 'rtp',
    localAddress: '127.0.0.1',
    codec: { name: 'PCMU', payloadType: 0, ptimeMs: 20 },
    remote: { address: '127.0.0.1', port: phone.port },
  });
  const peer = await engine.createEndpoint(
    {
      id: 'peer',
      kind: 'rtp',
      localAddress: '127.0.0.1',
      codec: { name: 'PCMU', payloadType: 0, ptimeMs: 20 },
      remote: { address: '127.0.0.1', port: other.port },
    },
    'victim',
  );
  assert.ok(r.ok && peer.ok);
  await engine.request({ op: 'bridge', id: 'vb', endpoints: ['victim', 'peer'] });
  // 127.0.0.2 is another host as far as the latch is concerned (Linux routes all of 127/8 to lo).
  const attacker = createSocket('udp4');
  attacker.unref();
  await new Promise<void>((res) => attacker.bind(0, '127.0.0.2', () => res()));
  const pk = new RtpPacketizer({ payloadType: 0 });
  const spray = () => {
    for (let i = 0; i < 10; i++)
      attacker.send(serializeRtp(pk.packetize(new Uint8Array(160).fill(0x55), 160)), r.value.port, '127.0.0.1');
  };
  spray();
  await sleep(100);
  const ok = new RtpPacketizer({ payloadType: 0 });
  for (let i = 0; i < 5; i++) phone.send(serializeRtp(ok.packetize(new Uint8Array(160).fill(0x11), 160)), r.value.port);
  spray();
  await sleep(150);
  // Forged RTCP from the same foreign host is refused too.
  attacker.send(buildRtcp([{ type: 'rr', ssrc: 666, reports: [] }]), r.value.port + 1, '127.0.0.1');
  await sleep(50);
  const s = await engine.stats('victim');
  assert.ok(s.ok);
  assert.equal(s.value.rejectedForeign, 21);
  assert.equal(s.value.packetsRelayed, 5);
  const leaked = other.rtp().filter((p) => p.payload[0] === 0x55);
  assert.equal(leaked.length, 0, 'nothing from the attacker reached the other party');
  assert.equal(attacker.address().address, '127.0.0.2');
  attacker.close();
  phone.close();
  other.close();
  await engine.request({ op: 'destroy', id: 'victim' });
  await engine.request({ op: 'destroy', id: 'peer' });
});
