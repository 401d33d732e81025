import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { createCodec } from '../codecs/codec.ts';
import { parseRtp, serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { must } from '../testing/must.ts';
import { dominantFrequency, powerAt, sine } from '../testing/tone-analysis.ts';
import type { EngineEvent } from './protocol.ts';
import { memoryRecordingSink } from './recording-file.ts';
import { type BoundSocket, MediaShard, type SocketFactory } from './shard.ts';

/** In-memory sockets: what endpoints send is collected per destination port; tests inject datagrams. */
function fakeNet() {
  const inbound = new Map<number, (bytes: Uint8Array, from: { address: string; port: number }) => void>();
  const sent = new Map<number, Uint8Array[]>();
  const sockets: SocketFactory = {
    async bind(port, _address, onMessage) {
      inbound.set(port, onMessage);
      const s: BoundSocket = {
        send: (bytes, toPort) => sent.set(toPort, [...(sent.get(toPort) ?? []), bytes.slice()]),
        close: () => inbound.delete(port),
      };
      return s;
    },
  };
  return { sockets, inbound, sent };
}

const PCMU = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };

async function setup() {
  const clock = new VirtualClock(0);
  const net = fakeNet();
  const events: EngineEvent[] = [];
  const files = new Map<string, Uint8Array>();
  const shard = new MediaShard({
    range: { min: 20000, max: 20099 },
    clock,
    sockets: net.sockets,
    sinks: memoryRecordingSink(files),
    emit: (e) => events.push(e),
  });
  const ports: Record<string, number> = {};
  for (const [id, phonePort] of [
    ['a', 9000],
    ['b', 9002],
    ['c', 9004],
  ] as const) {
    const r = await shard.handle({
      op: 'createEndpoint',
      id,
      kind: 'rtp',
      codec: PCMU,
      localAddress: '127.0.0.1',
      remote: { address: '10.0.0.1', port: phonePort },
    });
    assert.ok(r.ok && r.value.op === 'createEndpoint');
    ports[id] = r.value.port;
  }
  return { clock, net, events, files, shard, ports };
}

test('ownership tree: a conference loses a member, a two-party bridge dies with a leg, taps close with their bridge', async () => {
  const { shard, events, files } = await setup();
  assert.ok((await shard.handle({ op: 'mix', id: 'conf', endpoints: ['a', 'b', 'c'] })).ok);
  await shard.handle({ op: 'destroy', id: 'c' });
  assert.deepEqual(
    events.filter((e) => e.event === 'destroyed').map((e) => (e as { id: string }).id),
    ['c'],
  );
  assert.ok((await shard.handle({ op: 'mixRemove', mix: 'conf', endpoint: 'b' })).ok);
  const again = await shard.handle({ op: 'mixRemove', mix: 'conf', endpoint: 'b' });
  assert.ok(!again.ok && again.error.code === 'MEDIA_BAD_COMMAND');
  await shard.handle({ op: 'destroy', id: 'conf' });

  assert.ok((await shard.handle({ op: 'bridge', id: 'br', endpoints: ['a', 'b'] })).ok);
  assert.ok((await shard.handle({ op: 'record', id: 'rec', target: 'br', format: 'wav', channels: 2, path: 'br.wav' })).ok);
  assert.ok(
    (await shard.handle({ op: 'play', id: 'pl', target: 'a', prompts: [{ samples: sine(400, 8000, 1), sampleRate: 8000 }] })).ok,
  );
  events.length = 0;
  await shard.handle({ op: 'destroy', id: 'br' });
  assert.deepEqual(
    events.map((e) => `${e.event}:${'id' in e ? e.id : ''}`),
    ['recordFinished:rec', 'destroyed:rec', 'destroyed:br'],
  );
  assert.ok(files.has('br.wav'));
  events.length = 0;
  await shard.handle({ op: 'destroy', id: 'a' });
  assert.deepEqual(
    events.map((e) => `${e.event}:${'id' in e ? e.id : ''}`),
    ['playFinished:pl', 'destroyed:pl', 'destroyed:a'],
  );
  const self = await shard.handle({ op: 'bridge', id: 'br2', endpoints: ['b', 'b'] });
  assert.ok(!self.ok && self.error.code === 'MEDIA_BAD_COMMAND', 'a leg cannot be bridged to itself');
  const gone = await shard.handle({ op: 'stats', target: 'a' });
  assert.ok(!gone.ok && gone.error.code === 'MEDIA_NOT_FOUND');
});

test('mix on a virtual clock: a joining member hears the others, a leaving one stops being heard', async () => {
  const { shard, clock, net, ports } = await setup();
  assert.ok((await shard.handle({ op: 'mix', id: 'conf', endpoints: ['a', 'b'] })).ok);
  shard.clock.start();
  const pcmu = createCodec('PCMU');
  const talkers = {
    a: { pk: new RtpPacketizer({ payloadType: 0 }), tone: sine(600, 8000, 2, 8000), phone: 9000 },
    c: { pk: new RtpPacketizer({ payloadType: 0 }), tone: sine(1400, 8000, 2, 8000), phone: 9004 },
  };
  const talk = (frames: number, who: Array<keyof typeof talkers>, offset: number) => {
    for (let f = 0; f < frames; f++) {
      for (const w of who) {
        const t = talkers[w];
        const pkt = serializeRtp(t.pk.packetize(pcmu.encode(t.tone.subarray((offset + f) * 160, (offset + f + 1) * 160)), 160));
        must(net.inbound.get(ports[w] as number))(pkt, { address: '10.0.0.1', port: t.phone });
      }
      clock.advance(20);
    }
  };
  const heardBy = (phone: number) => {
    const pcm = Int16Array.from(
      (net.sent.get(phone) ?? []).flatMap((b) => {
        const p = parseRtp(b);
        return p.ok && p.value.payloadType === 0 ? [...pcmu.decode(p.value.payload)] : [];
      }),
    );
    net.sent.set(phone, []);
    return pcm.subarray(pcm.length - 2400);
  };
  talk(25, ['a'], 0);
  const bHears = heardBy(9002);
  assert.ok(Math.abs(dominantFrequency(bHears, 8000) - 600) <= 2, 'b hears a');
  assert.ok((await shard.handle({ op: 'mixAdd', mix: 'conf', endpoint: 'c' })).ok);
  talk(25, ['a', 'c'], 25);
  const b2 = heardBy(9002);
  const ref = powerAt(sine(600, 8000, 0.3, 8000), 8000, 600);
  assert.ok(powerAt(b2, 8000, 600) > ref / 10 && powerAt(b2, 8000, 1400) > ref / 10, 'b hears a and c');
  const cHears = heardBy(9004);
  assert.ok(powerAt(cHears, 8000, 600) > ref / 10 && powerAt(cHears, 8000, 1400) < ref / 1000, 'c hears a, not itself');
  assert.ok((await shard.handle({ op: 'mixRemove', mix: 'conf', endpoint: 'a' })).ok);
  talk(25, ['a', 'c'], 50);
  const b3 = heardBy(9002);
  assert.ok(powerAt(b3, 8000, 600) < ref / 1000 && powerAt(b3, 8000, 1400) > ref / 10, 'after a left, b hears only c');
  const health = await shard.handle({ op: 'shardStats' });
  assert.ok(health.ok && health.value.op === 'shardStats' && health.value.stats.clock.ticks === 75);
  await shard.handle({ op: 'shutdown' });
});

test('recording one leg of a relayed bridge captures both directions', async () => {
  const { shard, clock, net, ports, files } = await setup();
  assert.ok((await shard.handle({ op: 'bridge', id: 'br', endpoints: ['a', 'b'] })).ok);
  assert.ok((await shard.handle({ op: 'record', id: 'rec', target: 'a', format: 'wav', channels: 2, path: 'a.wav' })).ok);
  shard.clock.start();
  const pcmu = createCodec('PCMU');
  const legs = [
    { id: 'a', phone: 9000, pk: new RtpPacketizer({ payloadType: 0 }), tone: sine(600, 8000, 1, 8000) },
    { id: 'b', phone: 9002, pk: new RtpPacketizer({ payloadType: 0 }), tone: sine(1400, 8000, 1, 8000) },
  ];
  for (let f = 0; f < 40; f++) {
    for (const l of legs) {
      const pkt = serializeRtp(l.pk.packetize(pcmu.encode(l.tone.subarray(f * 160, (f + 1) * 160)), 160));
      must(net.inbound.get(ports[l.id] as number))(pkt, { address: '10.0.0.1', port: l.phone });
    }
    clock.advance(20);
  }
  const relayed = await shard.handle({ op: 'stats', target: 'a' });
  assert.ok(relayed.ok && relayed.value.op === 'stats' && relayed.value.stats.packetsRelayed === 40, 'still the fast path');
  await shard.handle({ op: 'destroy', id: 'rec' });
  const { readWav } = await import('../formats/wav-reader.ts');
  const wav = readWav(must(files.get('a.wav')));
  assert.ok(wav.ok);
  const [left, right] = wav.value.channels as [Int16Array, Int16Array];
  assert.ok(
    Math.abs(dominantFrequency(left.subarray(left.length - 2400), 8000) - 600) <= 2,
    'left: what the leg heard from its phone',
  );
  assert.ok(Math.abs(dominantFrequency(right.subarray(right.length - 2400), 8000) - 1400) <= 2, 'right: what was sent to it');
  await shard.handle({ op: 'shutdown' });
});

test('a G.722 loopback endpoint returns wideband audio (a 5 kHz tone survives the round trip)', async () => {
  const clock = new VirtualClock(0);
  const net = fakeNet();
  const shard = new MediaShard({
    range: { min: 20000, max: 20099 },
    clock,
    sockets: net.sockets,
    sinks: memoryRecordingSink(new Map()),
    emit: () => {},
  });
  const r = await shard.handle({
    op: 'createEndpoint',
    id: 'wb',
    kind: 'loopback',
    localAddress: '127.0.0.1',
    codec: { name: 'G722', payloadType: 9, ptimeMs: 20 },
    remote: { address: '10.0.0.1', port: 9100 },
  });
  assert.ok(r.ok && r.value.op === 'createEndpoint');
  const port = r.value.port;
  shard.clock.start();
  const codec = createCodec('G722');
  const tone = sine(5000, 16000, 1, 8000);
  const pk = new RtpPacketizer({ payloadType: 9 });
  for (let f = 0; f < 50; f++) {
    must(net.inbound.get(port))(serializeRtp(pk.packetize(codec.encode(tone.subarray(f * 320, (f + 1) * 320)), 160)), {
      address: '10.0.0.1',
      port: 9100,
    });
    clock.advance(20);
  }
  const back = createCodec('G722');
  const pcm = Int16Array.from(
    (net.sent.get(9100) ?? []).flatMap((b) => {
      const p = parseRtp(b);
      return p.ok && p.value.payloadType === 9 ? [...back.decode(p.value.payload)] : [];
    }),
  );
  const tail = pcm.subarray(pcm.length - 4800);
  assert.ok(Math.abs(dominantFrequency(tail, 16000) - 5000) <= 3, `came back at ${dominantFrequency(tail, 16000)} Hz`);
  await shard.handle({ op: 'shutdown' });
});

test('hold: recvonly stops our RTP, sendonly ignores the peer, unhold keeps the latched address', async () => {
  const { shard, clock, net, ports } = await setup();
  shard.clock.start();
  const pk = new RtpPacketizer({ payloadType: 0 });
  const fromPhone = () =>
    must(net.inbound.get(ports.a as number))(serializeRtp(pk.packetize(new Uint8Array(160).fill(0x33), 160)), {
      address: '10.0.0.1',
      port: 40000,
    });
  fromPhone(); // latches to the NAT port 40000
  clock.advance(100);
  const sentTo = (port: number) => (net.sent.get(port) ?? []).filter((b) => must(b[1]) < 200).length;
  assert.ok(sentTo(40000) >= 4, 'sendrecv: silence/audio flows to the latched port');
  await shard.handle({ op: 'connect', id: 'a', remote: { address: '10.0.0.1', port: 9000, direction: 'recvonly' } });
  net.sent.set(40000, []);
  fromPhone();
  clock.advance(200);
  assert.equal(sentTo(40000), 0, 'recvonly: nothing sent');
  const held = await shard.handle({ op: 'stats', target: 'a' });
  assert.ok(held.ok && held.value.op === 'stats' && held.value.stats.packetsReceived === 2, 'recvonly: still receiving');
  await shard.handle({ op: 'connect', id: 'a', remote: { address: '10.0.0.1', port: 9000, direction: 'sendonly' } });
  fromPhone();
  clock.advance(100);
  const s2 = await shard.handle({ op: 'stats', target: 'a' });
  assert.ok(s2.ok && s2.value.op === 'stats' && s2.value.stats.packetsReceived === 2, 'sendonly: peer media ignored');
  assert.ok(sentTo(40000) >= 4, 'sendonly: we send (music on hold) to the still-latched port');
  await shard.handle({ op: 'connect', id: 'a', remote: { address: '10.0.0.1', port: 9000 } });
  const s3 = await shard.handle({ op: 'stats', target: 'a' });
  assert.ok(s3.ok && s3.value.op === 'stats');
  assert.deepEqual(s3.value.stats.latchedTo, { address: '10.0.0.1', port: 40000 });
  await shard.handle({ op: 'shutdown' });
});

/** Feeds endpoint a with `frames` 20 ms PCMU frames from `next(frameIndex)`, one per tick; stops early when `until()`. */
async function speak(
  s: Awaited<ReturnType<typeof setup>>,
  frames: number,
  next: (f: number) => Int16Array,
  until: () => boolean = () => false,
) {
  const pcmu = createCodec('PCMU');
  const pk = new RtpPacketizer({ payloadType: 0 });
  for (let f = 0; f < frames; f++) {
    must(s.net.inbound.get(s.ports.a as number))(serializeRtp(pk.packetize(pcmu.encode(next(f)), 160)), {
      address: '10.0.0.1',
      port: 9000,
    });
    s.clock.advance(20);
    await new Promise((r) => setImmediate(r)); // closing a recording is asynchronous
    if (until()) return f + 1;
  }
  return frames;
}

const finishedRecording = (events: EngineEvent[], id: string) =>
  events.find((e): e is Extract<EngineEvent, { event: 'recordFinished' }> => e.event === 'recordFinished' && e.id === id);

test('stopOnSilence: a tone then silence ends the recording after silenceMs, trailing silence trimmed', async () => {
  const s = await setup();
  const rec = await s.shard.handle({
    op: 'record',
    id: 'vm',
    target: 'a',
    format: 'wav',
    channels: 1,
    path: 'vm.wav',
    stopOnSilence: { silenceMs: 1000 },
  });
  assert.ok(rec.ok);
  s.shard.clock.start();
  const tone = sine(600, 8000, 1.5, 8000);
  // 1.5 s of tone (75 frames), then digital silence until the recording ends (at most 3 s).
  const frames = await speak(
    s,
    75 + 150,
    (f) => (f < 75 ? tone.subarray(f * 160, (f + 1) * 160) : new Int16Array(160)),
    () => finishedRecording(s.events, 'vm') !== undefined,
  );
  const done = must(finishedRecording(s.events, 'vm'));
  assert.equal(done.reason, 'silence');
  // Silence began at frame 75; the stop comes 1 s later plus the jitter buffer's delay.
  const afterSilenceMs = (frames - 75) * 20;
  assert.ok(afterSilenceMs >= 1000 && afterSilenceMs <= 1200, `stopped ${afterSilenceMs} ms after the silence began`);
  // 1.5 s of tone + the jitter buffer's start-up + 200 ms of kept silence; the other ~800 ms are trimmed.
  assert.ok(done.durationMs >= 1600 && done.durationMs <= 1900, `duration ${done.durationMs} ms`);
  const { readWav } = await import('../formats/wav-reader.ts');
  const wav = readWav(must(s.files.get('vm.wav')));
  assert.ok(wav.ok);
  const [pcm] = wav.value.channels as [Int16Array];
  assert.equal(pcm.length, (done.durationMs * 8000) / 1000, 'the header matches what was written');
  assert.ok(Math.abs(dominantFrequency(pcm.subarray(pcm.length - 200 * 8 - 4000, pcm.length - 200 * 8), 8000) - 600) <= 2);
  const tail = pcm.subarray(pcm.length - 100 * 8);
  assert.ok(
    tail.every((x) => x === 0),
    'the file ends with the kept silence',
  );
  assert.equal(s.shard.size, 3, 'the recording node is gone, the endpoints stay');
  await s.shard.handle({ op: 'shutdown' });
});

test('stopOnSilence: a continuous tone is never cut; stopping it reports reason stopped and keeps everything', async () => {
  const s = await setup();
  assert.ok(
    (
      await s.shard.handle({
        op: 'record',
        id: 'vm',
        target: 'a',
        format: 'wav',
        channels: 1,
        path: 'vm.wav',
        stopOnSilence: { silenceMs: 500, noSpeechMs: 500 },
      })
    ).ok,
  );
  s.shard.clock.start();
  const tone = sine(600, 8000, 3, 8000);
  await speak(s, 150, (f) => tone.subarray(f * 160, (f + 1) * 160));
  assert.equal(finishedRecording(s.events, 'vm'), undefined, 'still recording after 3 s of tone');
  await s.shard.handle({ op: 'destroy', id: 'vm' });
  const done = must(finishedRecording(s.events, 'vm'));
  assert.equal(done.reason, 'stopped');
  assert.ok(done.durationMs >= 2980 && done.durationMs <= 3020, `duration ${done.durationMs} ms`);
  await s.shard.handle({ op: 'shutdown' });
});

test('stopOnSilence: noSpeechMs ends a recording in which nothing was said; without it silence alone never stops', async () => {
  const s = await setup();
  const record = (id: string, stopOnSilence: { silenceMs: number; noSpeechMs?: number }) =>
    s.shard.handle({ op: 'record', id, target: 'a', format: 'wav', channels: 1, path: `${id}.wav`, stopOnSilence });
  assert.ok((await record('quiet', { silenceMs: 1000, noSpeechMs: 600 })).ok);
  assert.ok((await record('patient', { silenceMs: 300 })).ok);
  const bad = await record('bad', { silenceMs: 0 });
  assert.ok(!bad.ok && bad.error.code === 'MEDIA_BAD_COMMAND');
  s.shard.clock.start();
  const frames = await speak(
    s,
    100,
    () => new Int16Array(160),
    () => finishedRecording(s.events, 'quiet') !== undefined,
  );
  const quiet = must(finishedRecording(s.events, 'quiet'));
  assert.equal(quiet.reason, 'no-speech');
  assert.ok(frames * 20 >= 600 && frames * 20 <= 700, `stopped after ${frames * 20} ms`);
  assert.equal(quiet.durationMs, 200, 'only the kept 200 ms of silence');
  await speak(s, 100, () => new Int16Array(160));
  assert.equal(finishedRecording(s.events, 'patient'), undefined, 'silenceMs counts only after speech');
  await s.shard.handle({ op: 'shutdown' });
});

test('a shard of idle relays ticks coarsely, still sends RTCP, and ticks finely again for a prompt', async () => {
  const { shard, clock, net, ports } = await setup();
  shard.clock.start();
  assert.ok((await shard.handle({ op: 'bridge', id: 'br', endpoints: ['a', 'b'] })).ok);
  await shard.handle({ op: 'destroy', id: 'c' }); // an unbridged leg sends silence every 20 ms
  clock.advance(40);
  assert.equal(shard.clock.coarse, true, 'relays only: coarse');
  const ticks = shard.clock.stats().ticks;
  clock.advance(8000);
  assert.ok(shard.clock.stats().ticks - ticks <= 41, 'about one tick per 200 ms');
  // RFC 3550 §6.2: reports every 2.5–7.5 s still go out (to the RTCP port, RTP port + 1).
  const rtcp = (port: number) => (net.sent.get(port) ?? []).filter((b) => must(b[1]) >= 200 && must(b[1]) <= 204);
  assert.ok(rtcp(9001).length >= 1 && rtcp(9003).length >= 1, 'each leg reported');
  const pk = new RtpPacketizer({ payloadType: 0 });
  must(net.inbound.get(ports.a as number))(serializeRtp(pk.packetize(new Uint8Array(160), 160)), {
    address: '10.0.0.1',
    port: 9000,
  });
  assert.equal(shard.clock.coarse, true, 'relayed audio needs no tick');
  assert.ok((await shard.handle({ op: 'playTone', id: 'rb', target: 'b', tone: 'ringback' })).ok);
  assert.equal(shard.clock.coarse, false, 'a command ticks finely at once');
  const before = shard.clock.stats().ticks;
  clock.advance(200);
  const fine = shard.clock.stats().ticks - before;
  assert.ok(fine >= 10 && fine <= 11, `a prompt needs every 20 ms tick (${fine})`);
  assert.ok((await shard.handle({ op: 'stopPlay', id: 'rb' })).ok);
  clock.advance(60);
  assert.equal(shard.clock.coarse, true, 'idle again');
  await shard.handle({ op: 'shutdown' });
});
