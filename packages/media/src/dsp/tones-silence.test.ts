import assert from 'node:assert/strict';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { dominantFrequency, rms, sine } from '../testing/tone-analysis.ts';
import { SilenceDetector } from './silence-detector.ts';
import { CHINA_TONES, DBM0_AMPLITUDE, ToneGenerator } from './tone-generator.ts';

/** On/off runs in ms, measured from 10 ms windows of the output. */
function cadence(pcm: Int16Array, rate: number): Array<[boolean, number]> {
  const win = rate / 100;
  const runs: Array<[boolean, number]> = [];
  for (let i = 0; i + win <= pcm.length; i += win) {
    const on = rms(pcm, i, i + win) > 100;
    const last = runs[runs.length - 1];
    if (last && last[0] === on) last[1] += 10;
    else runs.push([on, 10]);
  }
  return runs;
}

test('China ringback: 450 Hz, 1 s on / 4 s off, at −10 dBm0, generated in 20 ms frames', () => {
  const g = new ToneGenerator(CHINA_TONES.ringback, 8000);
  const frames: number[] = [];
  for (let i = 0; i < 500; i++) frames.push(...g.process(160)); // 10 s
  const pcm = Int16Array.from(frames);
  assert.deepEqual(cadence(pcm, 8000), [
    [true, 1000],
    [false, 4000],
    [true, 1000],
    [false, 4000],
  ]);
  assert.ok(Math.abs(dominantFrequency(pcm.subarray(0, 4000), 8000) - 450) <= 1);
  const expected = (DBM0_AMPLITUDE * 10 ** (-10 / 20)) / Math.SQRT2;
  assert.ok(Math.abs(rms(pcm, 0, 8000) - expected) / expected < 0.01);
});

test('busy 0.35/0.35 and call waiting 0.4/4 cadences, at 16 kHz too', () => {
  const busy = new ToneGenerator(CHINA_TONES.busy, 16000).process(16000 * 1.4);
  assert.deepEqual(cadence(busy, 16000), [
    [true, 350],
    [false, 350],
    [true, 350],
    [false, 350],
  ]);
  assert.ok(Math.abs(dominantFrequency(busy.subarray(0, 4000), 16000) - 450) <= 1);
  const cw = new ToneGenerator(CHINA_TONES.callWaiting, 8000).process(8000 * 4.8);
  assert.deepEqual(cadence(cw, 8000), [
    [true, 400],
    [false, 4000],
    [true, 400],
  ]);
});

test('phase is continuous across frame boundaries (no clicks)', () => {
  const g = new ToneGenerator(CHINA_TONES.dial, 8000);
  const pcm = Int16Array.from([...g.process(157), ...g.process(160), ...g.process(3)]);
  let maxStep = 0;
  for (let i = 1; i < pcm.length; i++) maxStep = Math.max(maxStep, Math.abs(must(pcm[i]) - must(pcm[i - 1])));
  const amp = DBM0_AMPLITUDE * 10 ** (-10 / 20);
  assert.ok(maxStep <= Math.ceil((amp * 2 * Math.PI * 450) / 8000) + 1);
});

test('silence detector: speech then 2 s silence fires once; clicks are not speech', () => {
  const d = new SilenceDetector({ sampleRate: 8000, silenceTimeoutMs: 2000 });
  const speech = sine(300, 8000, 0.02, 4000);
  const quiet = new Int16Array(160).map((_, i) => (i % 2 ? 20 : -20));
  const events: Array<[number, string]> = [];
  const feed = (f: Int16Array, times: number, base: number) => {
    for (let i = 0; i < times; i++) {
      const v = d.process(f);
      if (v.event) events.push([base + i, v.event]);
    }
  };
  feed(quiet, 10, 0);
  feed(speech, 1, 10); // a 20 ms click
  feed(quiet, 10, 11);
  feed(speech, 50, 21);
  feed(quiet, 150, 71);
  assert.deepEqual(events, [
    [23, 'speech-started'],
    [71 + 99, 'silence-timeout'],
  ]);
});

test('silence detector: no speech at all times out once', () => {
  const d = new SilenceDetector({ sampleRate: 8000, silenceTimeoutMs: 2000, initialTimeoutMs: 5000 });
  const ev = Array.from({ length: 400 }, () => d.process(new Int16Array(160)).event).filter(Boolean);
  assert.deepEqual(ev, ['no-speech-timeout']);
});
