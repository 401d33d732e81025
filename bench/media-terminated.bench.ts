/**
 * Terminated media: N concurrent endpoints, each playing a prompt to its peer while recording both
 * directions (WAV or MP3), in one media worker. Reports CPU per call and the worker's tick health.
 *   node bench/media-terminated.bench.ts      (env: CALLS="50,100,200", SECONDS=5, FORMAT=wav|mp3)
 * Prints one JSON object. Not pass/fail.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaEngine } from '@rexian/media';

const CALLS = (process.env.CALLS ?? '25,50,100,200').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 5);
const FORMAT = (process.env.FORMAT ?? 'wav') as 'wav' | 'mp3';

const prompt = Int16Array.from({ length: 8000 * 10 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
const dir = mkdtempSync(join(tmpdir(), 'rexian-term-bench-'));
const engine = await MediaEngine.start({ workers: 1, portRange: { min: 52000, max: 55999 } });
const sink = createSocket('udp4');
let packets = 0;
sink.on('message', () => packets++);
await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
const sinkPort = sink.address().port;
const codec = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };

const results = [];
for (const calls of CALLS) {
  for (let i = 0; i < calls; i++) {
    const r = await engine.createEndpoint({
      id: `t${i}`,
      kind: 'rtp',
      codec,
      localAddress: '127.0.0.1',
      remote: { address: '127.0.0.1', port: sinkPort },
    });
    if (!r.ok) throw r.error;
    await engine.request({
      op: 'record',
      id: `r${i}`,
      target: `t${i}`,
      format: FORMAT,
      channels: 2,
      path: join(dir, `t${i}.${FORMAT}`),
    });
    await engine.request({
      op: 'play',
      id: `p${i}`,
      target: `t${i}`,
      prompts: [{ samples: prompt, sampleRate: 8000 }],
      loops: Number.POSITIVE_INFINITY,
    });
  }
  packets = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const sentPackets = packets;
  const expected = (calls * wall) / 20;
  for (let i = 0; i < calls; i++) await engine.request({ op: 'destroy', id: `t${i}` });
  const shard = await engine.shardStats();
  const health = shard.ok ? shard.value[0] : undefined;
  const bytes = statSync(join(dir, `t0.${FORMAT}`)).size;
  const cpuPct = (100 * (cpu.user + cpu.system)) / 1000 / wall;
  results.push({
    calls,
    cpuPct,
    cpuPerCallPct: cpuPct / calls,
    packetsPerSecond: (sentPackets * 1000) / wall,
    sendRatio: sentPackets / expected,
    recordingBytesPerCall: bytes,
    /** Cumulative since the worker started: ticks late by > 2 ms, skipped, and the longest tick. */
    workerClock: health?.clock,
    maxTickMsSoFar: health?.maxTickMs,
  });
  process.stderr.write(
    `${calls} calls: cpu ${cpuPct.toFixed(1)} % (${(cpuPct / calls).toFixed(3)} %/call), sent ${((sentPackets / expected) * 100).toFixed(1)} % of expected packets\n`,
  );
}
await engine.close();
sink.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      bench: 'media-terminated',
      format: FORMAT,
      secondsPerStep: SECONDS,
      note: 'each call: PCMU, prompt playing, stereo recording; sendRatio < 1 means the worker fell behind its 20 ms clock',
      results,
    },
    null,
    2,
  ),
);
