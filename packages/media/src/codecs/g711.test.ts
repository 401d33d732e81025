import assert from 'node:assert/strict';
import { test } from 'node:test';
import { must } from '../testing/must.ts';
import { dominantFrequency, sine, snrDb } from '../testing/tone-analysis.ts';
import { ALAW_DECODE, decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw, MULAW_DECODE } from './g711.ts';

test('G.711 reference points: silence codes and full scale', () => {
  assert.equal(encodeMuLaw(Int16Array.of(0))[0], 0xff);
  assert.equal(encodeALaw(Int16Array.of(0))[0], 0xd5);
  assert.equal(MULAW_DECODE[0xff], 0);
  assert.equal(MULAW_DECODE[0x00], -32124);
  assert.equal(MULAW_DECODE[0x80], 32124);
  assert.equal(ALAW_DECODE[0xd5], 8);
  assert.equal(ALAW_DECODE[0xaa], 32256);
  assert.equal(ALAW_DECODE[0x2a], -32256);
  assert.equal(encodeMuLaw(Int16Array.of(32767))[0], 0x80);
  assert.equal(encodeMuLaw(Int16Array.of(-32768))[0], 0x00);
});

test('every code decodes and re-encodes to itself (μ-law has two zeros: 0x7f and 0xff)', () => {
  for (let c = 0; c < 256; c++) {
    const mu = encodeMuLaw(decodeMuLaw(Uint8Array.of(c)))[0];
    assert.equal(mu, c === 0x7f ? 0xff : c, `mu ${c}`);
    assert.equal(encodeALaw(decodeALaw(Uint8Array.of(c)))[0], c, `a ${c}`);
  }
});

test('decode tables are monotonic in magnitude within each sign', () => {
  const muPos = Array.from({ length: 128 }, (_, i) => must(MULAW_DECODE[0xff - i]));
  for (let i = 1; i < 128; i++) assert.ok(must(muPos[i]) > must(muPos[i - 1]), `mu ${i}`);
  const aPos = Array.from({ length: 128 }, (_, i) => must(ALAW_DECODE[(0x80 | i) ^ 0x55]));
  for (let i = 1; i < 128; i++) assert.ok(must(aPos[i]) > must(aPos[i - 1]), `a ${i}`);
});

for (const [name, enc, dec] of [
  ['μ-law', encodeMuLaw, decodeMuLaw],
  ['A-law', encodeALaw, decodeALaw],
] as const) {
  test(`${name}: tones keep their frequency and the SNR is that of 8-bit log PCM`, () => {
    for (const f of [310, 1020, 3390]) {
      const x = sine(f, 8000, 0.5, 10000);
      const y = dec(enc(x));
      assert.ok(Math.abs(dominantFrequency(y, 8000) - f) <= 2, `${name} ${f} Hz`);
      const snr = snrDb(x, y, 0, 0);
      assert.ok(snr > 33 && snr < 42, `${name} ${f} Hz SNR ${snr}`);
    }
  });
}
