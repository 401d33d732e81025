import assert from 'node:assert/strict';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { dominantFrequency, rms, sine } from '../testing/tone-analysis.ts';
import { JitterBuffer, type JitterOutput } from './jitter-buffer.ts';
import { PacketLossConcealer } from './packet-loss-concealment.ts';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Arrival {
  ts: number;
  at: number;
  seq: number;
}

/** 20 ms frames for `seconds`, 5 % dropped, 0–40 ms extra delay (which also reorders). */
function impaired(seconds: number, seed: number): { arrivals: Arrival[]; lost: Set<number> } {
  const rnd = lcg(seed);
  const arrivals: Arrival[] = [];
  const lost = new Set<number>();
  for (let seq = 0; seq < seconds * 50; seq++) {
    const ts = (0xfffff000 + seq * 160) >>> 0; // crosses the 32-bit wrap
    if (rnd() < 0.05) {
      lost.add(ts);
      continue;
    }
    arrivals.push({ ts, seq, at: seq * 20 + 5 + rnd() * 40 });
  }
  arrivals.sort((a, b) => a.at - b.at);
  return { arrivals, lost };
}

test('impairment: 5 % loss, 40 ms jitter with reordering → continuous playout, loss concealed, stats right', () => {
  const { arrivals, lost } = impaired(20, 7);
  const reordered = arrivals.filter((a, i) => i > 0 && a.seq < must(arrivals[i - 1]).seq).length;
  assert.ok(reordered > 50, `the shim reorders (${reordered})`);
  const jb = new JitterBuffer<number>({ clockRate: 8000, frameUnits: 160 });
  const out: Array<JitterOutput<number>> = [];
  let next = 0;
  for (let now = 0; now < 20_000 + 400; now += 20) {
    while (next < arrivals.length && must(arrivals[next]).at <= now) {
      const a = must(arrivals[next++]);
      jb.push(a.ts, a.seq, a.at);
    }
    out.push(jb.pop(now));
  }
  const started = out.findIndex((o) => o.kind !== 'idle');
  const body = out.slice(started, started + 900);
  assert.ok(
    body.every((o) => o.kind !== 'idle'),
    'once started, every tick yields audio (frame or concealment)',
  );
  const frames = body.filter((o) => o.kind === 'frame').map((o) => (o as { payload: number }).payload);
  for (let i = 1; i < frames.length; i++) assert.ok(must(frames[i]) > must(frames[i - 1]), 'frames play in order');
  const s = jb.stats();
  assert.equal(s.pushed, arrivals.length);
  assert.ok(s.late <= arrivals.length * 0.01, `late drops ${s.late}`);
  assert.equal(s.played + s.late + s.shrunk + s.duplicates + s.overflowDropped, arrivals.length);
  assert.ok(Math.abs(s.concealed - lost.size) <= s.late + s.shrunk + 2, `concealed ${s.concealed} vs lost ${lost.size}`);
  assert.ok(s.jitterMs > 5 && s.jitterMs < 25, `jitter estimate ${s.jitterMs}`);
  assert.ok(s.targetDelayMs >= 40 && s.targetDelayMs <= 120, `target ${s.targetDelayMs}`);
});

test('duplicates are dropped, and a talkspurt after silence re-anchors playout', () => {
  const jb = new JitterBuffer<string>({ clockRate: 8000, frameUnits: 160, minDelayMs: 20 });
  jb.push(1000, 'a', 0, true);
  jb.push(1000, 'a', 1);
  jb.push(1160, 'b', 20);
  assert.equal(jb.stats().duplicates, 1);
  const seen: string[] = [];
  for (let now = 0; now <= 200; now += 20) {
    const o = jb.pop(now);
    if (o.kind === 'frame') seen.push(o.payload);
  }
  assert.deepEqual(seen, ['a', 'b']);
  jb.push(1000 + 160 * 500, 'c', 10_000, true); // 10 s of DTX later
  const after: string[] = [];
  for (let now = 10_000; now <= 10_200; now += 20) {
    const o = jb.pop(now);
    if (o.kind === 'frame') after.push(o.payload);
  }
  assert.deepEqual(after, ['c']);
});

test('late packets make the buffer grow; when the jitter goes away it shrinks back', () => {
  const jb = new JitterBuffer<number>({ clockRate: 8000, frameUnits: 160 });
  // 2 s where every tenth packet is 100 ms late, then 28 s of perfect pacing.
  const arrivals = Array.from({ length: 1500 }, (_, seq) => ({
    seq,
    at: seq * 20 + (seq < 100 && seq % 10 === 9 ? 100 : 0),
  })).sort((a, b) => a.at - b.at);
  let next = 0;
  let grownTarget = 0;
  for (let now = 0; now < 30_000; now += 20) {
    while (next < arrivals.length && must(arrivals[next]).at <= now) {
      const a = must(arrivals[next++]);
      jb.push(a.seq * 160, a.seq, a.at);
    }
    jb.pop(now);
    if (now === 2200) grownTarget = jb.stats().targetDelayMs;
  }
  const s = jb.stats();
  assert.ok(grownTarget >= 60, `grew to ${grownTarget}`);
  assert.ok(s.grown > 0, 'playout paused for late frames');
  assert.ok(s.targetDelayMs <= 40, `shrank to ${s.targetDelayMs}`);
  assert.ok(s.shrunk > 0, 'frames were dropped to cut the delay');
  assert.ok(s.late < 10, `late ${s.late}`);
});

test('PLC: a lost frame of a tone is replaced by the same tone; long losses fade to silence', () => {
  const rate = 8000;
  const tone = sine(440, rate, 1, 8000);
  const plc = new PacketLossConcealer({ sampleRate: rate, frameSamples: 160 });
  const out: number[] = [];
  for (let f = 0; f < 50; f++) {
    const frame = tone.subarray(f * 160, f * 160 + 160);
    out.push(...plc.process(f === 20 || f === 21 ? undefined : frame));
  }
  const concealed = Int16Array.from(out.slice(20 * 160, 22 * 160));
  assert.ok(Math.abs(dominantFrequency(concealed, rate) - 440) < 8, `concealed at ${dominantFrequency(concealed, rate)}`);
  assert.ok(rms(concealed) > 0.6 * rms(tone), 'not silence');
  assert.equal(plc.concealedFrames, 2);
  const quiet = new PacketLossConcealer({ sampleRate: rate, frameSamples: 160 });
  quiet.process(tone.subarray(0, 160));
  const frames = Array.from({ length: 6 }, () => quiet.process(undefined));
  assert.ok(rms(must(frames[0])) > rms(must(frames[2])), 'fades');
  assert.equal(rms(must(frames[5])), 0, 'silent after 60 ms');
});
