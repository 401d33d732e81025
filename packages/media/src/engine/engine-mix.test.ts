import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createCodec } from '../codecs/codec.ts';
import { serializeRtp } from '../rtp/rtp-packet.ts';
import { RtpPacketizer } from '../rtp/rtp-packetizer.ts';
import { sleep, TestPhone } from '../testing/phone.ts';
import { powerAt, sine } from '../testing/tone-analysis.ts';
import { MediaEngine } from './media-engine.ts';

let engine: MediaEngine;
const base = 47000 + Math.floor(Math.random() * 100) * 20;
const codec = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };
const TONES = { customer: 500, agent: 1000, supervisor: 2000 } as const;
type Party = keyof typeof TONES;

before(async () => {
  engine = await MediaEngine.start({ workers: 1, portRange: { min: base, max: base + 99 } });
});
after(() => engine.close());

/** Every party talks its own tone for `ms`; returns which tones each party heard (power above −30 dB). */
async function converse(
  phones: Record<Party, TestPhone>,
  ports: Record<Party, number>,
  ms: number,
): Promise<Record<Party, Party[]>> {
  for (const p of Object.values(phones)) p.received.length = 0;
  const pcu = createCodec('PCMU');
  const pk = Object.fromEntries(Object.keys(TONES).map((k) => [k, new RtpPacketizer({ payloadType: 0 })])) as Record<
    Party,
    RtpPacketizer
  >;
  const audio = Object.fromEntries(Object.entries(TONES).map(([k, f]) => [k, sine(f, 8000, ms / 1000, 6000)])) as Record<
    Party,
    Int16Array
  >;
  const t0 = performance.now();
  for (let i = 0; i < ms / 20; i++) {
    for (const k of Object.keys(TONES) as Party[]) {
      phones[k].send(serializeRtp(pk[k].packetize(pcu.encode(audio[k].subarray(i * 160, i * 160 + 160)), 160)), ports[k]);
    }
    await sleep(Math.max(0, t0 + (i + 1) * 20 - performance.now()));
  }
  await sleep(100);
  const ref = powerAt(sine(1000, 8000, 0.5, 6000), 8000, 1000);
  const out = {} as Record<Party, Party[]>;
  for (const k of Object.keys(TONES) as Party[]) {
    const pcm = Int16Array.from(
      phones[k]
        .rtp()
        .filter((p) => p.payloadType === 0)
        .flatMap((p) => [...pcu.decode(p.payload)]),
    );
    const tail = pcm.subarray(pcm.length - 4000 - 800, pcm.length - 800);
    out[k] = (Object.keys(TONES) as Party[]).filter((s) => powerAt(tail, 8000, TONES[s]) > ref / 1000);
  }
  return out;
}

test('conference with a supervisor: listen, whisper and barge through the engine', async () => {
  const phones = {} as Record<Party, TestPhone>;
  const ports = {} as Record<Party, number>;
  for (const k of Object.keys(TONES) as Party[]) {
    phones[k] = await TestPhone.open();
    const r = await engine.createEndpoint(
      { id: k, kind: 'rtp', codec, localAddress: '127.0.0.1', remote: { address: '127.0.0.1', port: phones[k].port } },
      k === 'customer' ? undefined : 'customer',
    );
    assert.ok(r.ok);
    ports[k] = r.value.port;
  }
  assert.ok((await engine.request({ op: 'mix', id: 'conf', endpoints: ['customer', 'agent', 'supervisor'] })).ok);
  assert.ok((await engine.request({ op: 'supervise', mix: 'conf', supervisor: 'supervisor', mode: 'listen' })).ok);
  assert.deepEqual(await converse(phones, ports, 700), {
    customer: ['agent'],
    agent: ['customer'],
    supervisor: ['customer', 'agent'],
  });
  await engine.request({ op: 'supervise', mix: 'conf', supervisor: 'supervisor', mode: 'whisper', agent: 'agent' });
  assert.deepEqual(await converse(phones, ports, 700), {
    customer: ['agent'],
    agent: ['customer', 'supervisor'],
    supervisor: ['customer', 'agent'],
  });
  await engine.request({ op: 'supervise', mix: 'conf', supervisor: 'supervisor', mode: 'barge' });
  assert.deepEqual(await converse(phones, ports, 700), {
    customer: ['agent', 'supervisor'],
    agent: ['customer', 'supervisor'],
    supervisor: ['customer', 'agent'],
  });
  for (const k of Object.keys(TONES) as Party[]) {
    phones[k].close();
    await engine.request({ op: 'destroy', id: k });
  }
});
