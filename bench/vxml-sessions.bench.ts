/**
 * VoiceXML interpreter benchmark (not pass/fail). Prints one JSON object:
 * - throughput: complete scripted calls per second on one core (sessions interleaved on the event loop);
 * - fiaStep: wall time per FIA step (form item visit) in sequential calls;
 * - parked: memory per session waiting for input (what bounds concurrent calls per core);
 * - tts: espeak-ng synthesis (cache miss) vs cache hit, when espeak-ng and sox are installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@rexian/kernel';
import {
  createEspeakTts,
  createStaticFetcher,
  FakeChannel,
  runScripted,
  runSession,
  TraceRecorder,
  TtsCache,
} from '@rexian/vxml';

const doc = `<?xml version="1.0"?>
<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">
  <var name="balance" expr="1003.05"/>
  <menu id="main" dtmf="true">
    <prompt>您好，欢迎致电。<enumerate/></prompt>
    <choice next="#acct">查询余额</choice>
    <choice next="#agent">人工服务</choice>
    <nomatch>输入有误。<reprompt/></nomatch>
  </menu>
  <form id="acct">
    <field name="acct" type="digits?minlength=4;maxlength=8">
      <prompt>请输入账号，以井号结束。</prompt>
      <filled><if cond="acct.length &gt; 3"><assign name="balance" expr="balance + 1"/></if></filled>
    </field>
    <block>您的余额为<say-as interpret-as="amount"><value expr="balance"/></say-as>。<goto next="#agent"/></block>
  </form>
  <form id="agent"><transfer name="t" dest="queue:service" type="blind"/></form>
</vxml>`;
const script = { dtmf: ['7', '1', '123456#'] };
const uri = 'http://ivr.bench/doc.vxml';

async function oneCall(): Promise<number> {
  const r = await runScripted({ document: { uri, text: doc }, script });
  if (r.result.reason !== 'transfer') throw new Error(`unexpected end ${JSON.stringify(r.result)}`);
  return r.trace.filter((e) => e.type === 'item' || (e.type === 'dialog' && String(e.dialog) === 'main')).length;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function throughput(total: number, concurrency: number) {
  const t0 = performance.now();
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await oneCall();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const s = (performance.now() - t0) / 1000;
  return { calls: total, concurrency, seconds: +s.toFixed(2), callsPerSecond: +(total / s).toFixed(1) };
}

async function fiaStep(calls: number) {
  const perStep: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const steps = await oneCall();
    perStep.push((performance.now() - t0) / steps);
  }
  return {
    calls,
    meanMs: +(perStep.reduce((a, b) => a + b, 0) / calls).toFixed(3),
    p50Ms: +percentile(perStep, 50).toFixed(3),
    p99Ms: +percentile(perStep, 99).toFixed(3),
  };
}

/** Sessions parked in a collect on one shared virtual clock, then released. */
async function parked(n: number) {
  global.gc?.();
  const before = process.memoryUsage();
  const clock = new VirtualClock();
  const runs: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const trace = new TraceRecorder(clock);
    const channel = new FakeChannel({ dtmf: ['noinput'] }, clock, trace);
    runs.push(runSession({ channel, clock, trace, fetcher: createStaticFetcher({}, clock), document: { uri, text: doc } }));
  }
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  global.gc?.();
  const after = process.memoryUsage();
  while (clock.step()) await new Promise((r) => setImmediate(r));
  await Promise.all(runs);
  const perSession = (k: keyof NodeJS.MemoryUsage) => Math.round((after[k] - before[k]) / n);
  return {
    sessions: n,
    rssBytesPerSession: perSession('rss'),
    heapBytesPerSession: perSession('heapUsed'),
    externalBytesPerSession: perSession('external'),
  };
}

async function tts() {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    return { skipped: 'espeak-ng or sox not installed' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rexian-bench-tts-'));
  try {
    const cache = new TtsCache(createEspeakTts(), dir);
    const texts = ['您好，欢迎致电热线。', '您的余额为一千零三元零五分。', '正在为您转接人工座席，请稍候。'];
    const miss: number[] = [];
    for (const text of texts) {
      const t0 = performance.now();
      const r = await cache.get({ text });
      if (!r.ok || r.value.hit) throw new Error('expected a miss');
      miss.push(performance.now() - t0);
    }
    const hit: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      const r = await cache.get({ text: texts[i % texts.length] as string });
      if (!r.ok || !r.value.hit) throw new Error('expected a hit');
      hit.push(performance.now() - t0);
    }
    return {
      missMeanMs: +(miss.reduce((a, b) => a + b, 0) / miss.length).toFixed(1),
      hitP50Ms: +percentile(hit, 50).toFixed(3),
      hitP99Ms: +percentile(hit, 99).toFixed(3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await oneCall(); // warm-up: loads the QuickJS WebAssembly module
const tput = await throughput(400, 50);
const step = await fiaStep(100);
const park = await parked(500);
const result = {
  bench: 'vxml-sessions',
  node: process.version,
  throughput: tput,
  fiaStep: step,
  parked: park,
  // A caller spends seconds between inputs; at one FIA step every 5 s per call, one core keeps up with
  // this many concurrent calls (CPU bound), and memory allows this many per GiB of RSS.
  concurrentCallsPerCore: {
    assumption: 'one FIA step per call every 5 s',
    cpuBound: Math.floor((1000 / step.meanMs) * 5),
    perGiBRss: Math.floor(2 ** 30 / Math.max(1, park.rssBytesPerSession)),
  },
  tts: await tts(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
