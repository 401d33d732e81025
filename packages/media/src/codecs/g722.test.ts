import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominantFrequency, mixInto, powerAt, rms, sine, snrDb } from '../testing/tone-analysis.ts';
import { G722Decoder } from './g722-decoder.ts';
import { G722Encoder } from './g722-encoder.ts';
import { ILB } from './g722-tables.ts';

function roundTrip(x: Int16Array, block = 320): Int16Array {
  const enc = new G722Encoder();
  const dec = new G722Decoder();
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i += block) out.set(dec.decode(enc.encode(x.subarray(i, i + block))), i);
  return out;
}

test('the scale-factor table is 2^(i/32) in Q11', () => {
  for (const [i, v] of ILB.entries()) assert.ok(Math.abs(v - 2048 * 2 ** (i / 32)) < 1, `ILB[${i}]`);
});

test('one byte per two samples; the encoder is deterministic and stateful', () => {
  const x = sine(1000, 16000, 0.02);
  const a = new G722Encoder().encode(x);
  assert.equal(a.length, 160);
  assert.deepEqual(new G722Encoder().encode(x), a);
  const e = new G722Encoder();
  e.encode(x);
  assert.notDeepEqual(e.encode(x), a, 'ADPCM state carries over between frames');
});

test('tones in both sub-bands keep frequency and level through encode → decode', () => {
  for (const f of [300, 1000, 3000, 5000, 6500]) {
    const x = sine(f, 16000, 0.5, 8000);
    const y = roundTrip(x);
    const tail = y.subarray(2000);
    assert.ok(Math.abs(dominantFrequency(tail, 16000) - f) <= 2, `${f} Hz came back at ${dominantFrequency(tail, 16000)}`);
    const gainDb = 20 * Math.log10(rms(tail) / rms(x.subarray(2000)));
    assert.ok(Math.abs(gainDb) < 0.5, `${f} Hz gain ${gainDb} dB`);
    const snr = snrDb(x, y);
    assert.ok(snr > (f < 4000 ? 35 : 18), `${f} Hz SNR ${snr}`);
  }
});

test('wideband: a 6 kHz tone survives G.722 (it would not survive G.711)', () => {
  const x = mixInto(sine(500, 16000, 0.4, 6000), sine(6000, 16000, 0.4, 6000));
  const y = roundTrip(x).subarray(1600);
  const p6 = powerAt(y, 16000, 6000);
  const p5 = powerAt(y, 16000, 500);
  assert.ok(Math.abs(10 * Math.log10(p6 / p5)) < 1.5, 'both tones at the same level');
});

test('silence stays silent and full-scale input does not wrap', () => {
  assert.ok(rms(roundTrip(new Int16Array(3200))) < 4);
  const loud = roundTrip(sine(1000, 16000, 0.3, 32000)).subarray(1600);
  assert.ok(Math.abs(dominantFrequency(loud, 16000) - 1000) <= 2);
  assert.ok(rms(loud) > 20000);
});

test('bit-exact with FFmpeg 5.1 (Debian 12) on 3 s of chirp + 5.2 kHz tone + noise', async () => {
  // Reference hashes made once with `ffmpeg -f s16le -ar 16000 -i in.raw -acodec g722 -f g722 ff.g722`
  // and `ffmpeg -f g722 -i ff.g722 -f s16le ffdec.raw` on exactly this signal; see docs/media.md.
  const { createHash } = await import('node:crypto');
  let seed = 1;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const x = new Int16Array(48000);
  for (let i = 0; i < x.length; i++) {
    const t = i / 16000;
    x[i] = Math.round(
      9000 * Math.sin(2 * Math.PI * (200 + 1500 * t) * t) + 4000 * Math.sin(2 * Math.PI * 5200 * t) + 3000 * rnd(),
    );
  }
  const sha = (b: Uint8Array | Int16Array) =>
    createHash('sha256')
      .update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
      .digest('hex');
  const encoded = new G722Encoder().encode(x);
  assert.equal(sha(encoded), '776a40161ad789d4fe58a8a4583b6295d2a3e0dc1064c0edbe2ca45822ca9df3');
  assert.equal(sha(new G722Decoder().decode(encoded)), '3a22127960c2c94b7595294ca783e98f87461b3d51f6dfd47db5f6fddfd98ec1');
});
