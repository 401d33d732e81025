import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { type DtmfDetection, DtmfDetector } from './dtmf-detector.ts';

const FREQS: Record<string, [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

/** Two-tone burst generated here, independent of the library's tone generator. */
function burst(digit: string, ms: number, rowAmp = 6000, colAmp = 6000, offsetHz = 0): Int16Array {
  const [fr, fc] = must(FREQS[digit]);
  const n = (ms * 8000) / 1000;
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(
      rowAmp * Math.sin((2 * Math.PI * fr * (1 + offsetHz) * i) / 8000) +
        colAmp * Math.sin((2 * Math.PI * fc * (1 + offsetHz) * i) / 8000 + 1),
    ),
  );
}

const silence = (ms: number): Int16Array => new Int16Array((ms * 8000) / 1000);
const concat = (...parts: Int16Array[]): Int16Array => Int16Array.from(parts.flatMap((p) => [...p]));

function digits(pcm: Int16Array, chunk = 160): string {
  const d = new DtmfDetector();
  const events: DtmfDetection[] = [];
  for (let i = 0; i < pcm.length; i += chunk) events.push(...d.process(pcm.subarray(i, i + chunk)));
  const begins = events.filter((e) => e.type === 'begin').map((e) => e.digit);
  const ends = events.filter((e) => e.type === 'end').map((e) => e.digit);
  assert.deepEqual(ends, begins, 'every begin has an end');
  return begins.join('');
}

test('all 16 digits generated in the test are detected, in order, once each', () => {
  const keys = Object.keys(FREQS);
  const pcm = concat(...keys.flatMap((k) => [burst(k, 70), silence(60)]));
  assert.equal(digits(pcm), keys.join(''));
});

test('Q.24 timing: 40 ms tones with 40 ms pauses are all seen; 20 ms tones are ignored', () => {
  for (let offset = 0; offset < 102; offset += 17) {
    const pcm = concat(silence(offset / 8), ...'0123456789*#'.split('').flatMap((k) => [burst(k, 40), silence(40)]));
    assert.equal(digits(pcm), '0123456789*#', `offset ${offset}`);
  }
  assert.equal(digits(concat(burst('5', 20), silence(100), burst('7', 20), silence(100))), '');
});

test('durations are reported and a long press is one digit', () => {
  const d = new DtmfDetector();
  const ev = d.process(concat(burst('9', 2000), silence(100)));
  assert.equal(ev.length, 2);
  const end = must(ev[1]);
  assert.ok(end.type === 'end' && Math.abs(end.durationMs - 2000) < 30, JSON.stringify(end));
});

test('twist: 6 dB normal twist passes, 10 dB fails; 3 dB reverse passes, 6 dB fails', () => {
  const at = (rowDb: number, colDb: number) =>
    concat(burst('5', 100, 6000 * 10 ** (rowDb / 20), 6000 * 10 ** (colDb / 20)), silence(60));
  assert.equal(digits(at(0, -6)), '5');
  assert.equal(digits(at(0, -10)), '');
  assert.equal(digits(at(-3, 0)), '5');
  assert.equal(digits(at(-6, 0)), '');
});

test('talk-off: single tones, noise, a chord and very quiet digits are rejected', () => {
  const single = Int16Array.from({ length: 4000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 941 * i) / 8000)));
  assert.equal(digits(single), '');
  let seed = 42;
  const noise = Int16Array.from({ length: 8000 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed % 16000) - 8000;
  });
  assert.equal(digits(noise), '');
  const chord = Int16Array.from({ length: 4000 }, (_, i) =>
    Math.round([440, 554, 659, 880].reduce((s, f) => s + 3000 * Math.sin((2 * Math.PI * f * i) / 8000), 0)),
  );
  assert.equal(digits(chord), '');
  assert.equal(digits(concat(burst('1', 100, 30, 30), silence(60))), '', '≈ −58 dBm0 per tone');
});

test('digits synthesised by sox are detected', () => {
  const keys = '0123456789*#';
  const pcm: Int16Array[] = [];
  for (const k of keys) {
    const [fr, fc] = must(FREQS[k]);
    const raw = execFileSync('sox', [
      '-n',
      '-r',
      '8000',
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed',
      '-t',
      'raw',
      '-',
      'synth',
      '0.06',
      'sine',
      String(fr),
      'sine',
      String(fc),
      'channels',
      '1',
      'vol',
      '0.4',
      'pad',
      '0',
      '0.05',
    ]);
    pcm.push(new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2).slice());
  }
  assert.equal(digits(concat(...pcm)), keys);
});
