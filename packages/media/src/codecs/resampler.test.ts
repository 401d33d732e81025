import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominantFrequency, mixInto, powerAt, rms, sine } from '../testing/tone-analysis.ts';
import { Resampler, resample } from './resampler.ts';

const db = (a: number, b: number): number => 20 * Math.log10(a / b);

test('16→8 kHz: a 3.5 kHz tone keeps its frequency and level', () => {
  const x = sine(3500, 16000, 0.5, 8000);
  const y = resample(x, 16000, 8000).subarray(400);
  assert.equal(resample(x, 16000, 8000).length, 4000);
  assert.ok(Math.abs(dominantFrequency(y, 8000) - 3500) <= 2);
  assert.ok(Math.abs(db(rms(y), rms(x))) < 1, 'in the pass band');
});

test('16→8 kHz: a 6 kHz tone is removed, not aliased to 2 kHz', () => {
  const tone = resample(sine(6000, 16000, 0.5, 8000), 16000, 8000).subarray(400);
  assert.ok(db(rms(tone) + 1e-9, 5657) < -60, `residual ${rms(tone)}`);
  // With a wanted 1 kHz tone alongside: the 2 kHz alias bin stays 60 dB under it.
  const y = resample(mixInto(sine(1000, 16000, 0.5, 8000), sine(6000, 16000, 0.5, 8000)), 16000, 8000).subarray(400);
  assert.ok(10 * Math.log10(powerAt(y, 8000, 2000) / powerAt(y, 8000, 1000)) < -60);
});

test('8→16 kHz: tones keep frequency and no image appears at 8 kHz − f', () => {
  const y = resample(sine(1000, 8000, 0.5, 8000), 8000, 16000).subarray(800);
  assert.ok(Math.abs(dominantFrequency(y, 16000) - 1000) <= 2);
  assert.ok(Math.abs(db(rms(y), 5657)) < 0.5);
  assert.ok(10 * Math.log10(powerAt(y, 16000, 7000) / powerAt(y, 16000, 1000)) < -60);
});

test('player rates 22.05/44.1/48 kHz → 8 and 16 kHz', () => {
  for (const from of [22050, 44100, 48000]) {
    for (const to of [8000, 16000]) {
      const x = sine(440, from, 0.3, 8000);
      const y = resample(x, from, to);
      assert.ok(Math.abs(y.length - Math.round((x.length * to) / from)) <= 1, `${from}→${to} length`);
      assert.ok(Math.abs(dominantFrequency(y.subarray(to / 10), to) - 440) <= 2, `${from}→${to}`);
      const above = resample(sine(to * 0.6, from, 0.3, 8000), from, to).subarray(to / 10);
      assert.ok(rms(above) < 8, `${from}→${to}: ${to * 0.6} Hz is above the new Nyquist and must vanish`);
    }
  }
});

test('streaming in 20 ms blocks equals one-shot conversion', () => {
  const x = sine(700, 16000, 0.4);
  const whole = resample(x, 16000, 8000);
  const r = new Resampler(16000, 8000);
  const parts: number[] = [];
  for (let i = 0; i < x.length; i += 320) parts.push(...r.process(x.subarray(i, i + 320)));
  assert.deepEqual(Int16Array.from(parts), whole);
  const odd = new Resampler(44100, 8000);
  const oddParts: number[] = [];
  const y = sine(700, 44100, 0.2);
  for (let i = 0; i < y.length; i += 441 * 3 + 7) oddParts.push(...odd.process(y.subarray(i, i + 441 * 3 + 7)));
  assert.deepEqual(Int16Array.from(oddParts), resample(y, 44100, 8000));
});
