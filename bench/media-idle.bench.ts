/**
 * Idle cost of a media worker: N silent calls (two bridged RTP legs each, relayed) or N echo endpoints,
 * connected but receiving nothing, for each wake mode of the native path. Shows the fixed cost the
 * hybrid wake and the coarse tick remove (docs/media.md "Measured here").
 *   node bench/media-idle.bench.ts
 *   env: CALLS="0,200", KINDS="relay,echo", WAKES="hybrid,timer,ready", SECONDS=5
 * Prints one JSON object: CPU of this process (main thread + worker) in % of one core. Not pass/fail.
 */
import { MediaEngine } from '@rexian/media';

const CALLS = (process.env.CALLS ?? '0,200').split(',').map(Number);
const KINDS = (process.env.KINDS ?? 'relay,echo').split(',') as Array<'relay' | 'echo'>;
const WAKES = (process.env.WAKES ?? 'hybrid,timer,ready').split(',') as Array<'hybrid' | 'timer' | 'ready'>;
const SECONDS = Number(process.env.SECONDS ?? 5);
const codec = { name: 'PCMU' as const, payloadType: 0, telephoneEventPayloadType: 101, ptimeMs: 20 };
// Nobody listens on the discard port: RTCP reports (every 2.5–7.5 s) go nowhere.
const remote = { address: '127.0.0.1', port: 9 };

async function measure(kind: 'relay' | 'echo', calls: number, wake: 'hybrid' | 'timer' | 'ready') {
  const engine = await MediaEngine.start({ workers: 1, portRange: { min: 36000, max: 39999 }, io: 'native', wake });
  try {
    for (let i = 0; i < calls; i++) {
      const a = await engine.createEndpoint({
        id: `a${i}`,
        kind: kind === 'echo' ? 'echo' : 'rtp',
        codec,
        localAddress: '127.0.0.1',
        remote,
      });
      if (!a.ok) throw new Error('endpoint creation failed');
      if (kind === 'echo') continue;
      const b = await engine.createEndpoint({ id: `b${i}`, kind: 'rtp', codec, localAddress: '127.0.0.1', remote }, `a${i}`);
      if (!b.ok) throw new Error('endpoint creation failed');
      await engine.request({ op: 'bridge', id: `br${i}`, endpoints: [`a${i}`, `b${i}`] });
    }
    await new Promise((r) => setTimeout(r, 1000)); // settle: the timer stops after ~50 ms without traffic
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const c = process.cpuUsage(c0);
    const s = await engine.shardStats();
    const w = s.ok ? s.value[0] : undefined;
    return {
      kind,
      calls,
      wake,
      cpuPct: Number(((100 * (c.user + c.system)) / 1000 / (performance.now() - t0)).toFixed(2)),
      ticks: w?.clock.ticks,
      polls: w?.io?.native?.polls,
    };
  } finally {
    await engine.close();
  }
}

const results = [];
for (const kind of KINDS) for (const calls of CALLS) for (const wake of WAKES) results.push(await measure(kind, calls, wake));
const os = await import('node:os');
console.log(JSON.stringify({ bench: 'media-idle', seconds: SECONDS, loadAverageAtEnd: os.loadavg(), results }, null, 2));
