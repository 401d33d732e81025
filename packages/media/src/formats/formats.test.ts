import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MediaErrorCode } from '../errors.ts';
import { must } from '../testing/must.ts';
import { dominantFrequency, rms, sine } from '../testing/tone-analysis.ts';
import { decodeMp3, Mp3StreamEncoder, wavToMp3 } from './mp3.ts';
import { loadPrompt } from './prompt-loader.ts';
import { readWav } from './wav-reader.ts';
import { writeWav } from './wav-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'rexian-wav-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function soxTone(name: string, rate: number, args: string[], freq = 440, channels = 1): Uint8Array {
  const file = join(dir, name);
  execFileSync('sox', [
    '-n',
    '-r',
    String(rate),
    '-c',
    String(channels),
    ...args,
    file,
    'synth',
    '0.5',
    'sine',
    String(freq),
    'vol',
    '0.5',
  ]);
  return readFileSync(file);
}

const VARIANTS: Array<[string, number, string[]]> = [
  ['pcm16-8k.wav', 8000, ['-b', '16', '-e', 'signed']],
  ['pcm16-16k.wav', 16000, ['-b', '16', '-e', 'signed']],
  ['pcm16-22k.wav', 22050, ['-b', '16', '-e', 'signed']],
  ['pcm16-44k.wav', 44100, ['-b', '16', '-e', 'signed']],
  ['pcm16-48k.wav', 48000, ['-b', '16', '-e', 'signed']],
  ['pcm8.wav', 8000, ['-b', '8', '-e', 'unsigned']],
  ['pcm24.wav', 16000, ['-b', '24', '-e', 'signed']],
  ['float.wav', 16000, ['-b', '32', '-e', 'floating-point']],
  ['ulaw.wav', 8000, ['-e', 'u-law']],
  ['alaw.wav', 8000, ['-e', 'a-law']],
];

for (const [name, rate, args] of VARIANTS) {
  test(`reads sox's ${name}: rate, length and a 440 Hz tone at half scale`, () => {
    const r = readWav(soxTone(name, rate, args));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.sampleRate, rate);
    assert.equal(must(r.value.channels[0]).length, rate / 2);
    const x = must(r.value.channels[0]);
    assert.ok(Math.abs(dominantFrequency(x, rate) - 440) <= 1);
    assert.ok(Math.abs(rms(x) - 16384 / Math.SQRT2) < 300, `rms ${rms(x)}`);
  });
}

test('stereo WAV keeps channels apart', () => {
  const file = join(dir, 'stereo.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', file, 'synth', '0.5', 'sine', '300', 'sine', '1200']);
  const r = readWav(readFileSync(file));
  assert.ok(r.ok);
  assert.equal(dominantFrequency(must(r.value.channels[0]), 8000), 300);
  assert.equal(dominantFrequency(must(r.value.channels[1]), 8000), 1200);
});

for (const encoding of ['pcm16', 'ulaw', 'alaw'] as const) {
  test(`what we write as ${encoding} is read back by sox with the right format and tone`, () => {
    const bytes = writeWav({ sampleRate: 8000, channels: [sine(600, 8000, 1, 10000)], encoding });
    const file = join(dir, `ours-${encoding}.wav`);
    writeFileSync(file, bytes);
    const info = execFileSync('soxi', [file]).toString();
    assert.match(info, encoding === 'pcm16' ? /16-bit Signed Integer PCM/ : encoding === 'ulaw' ? /u-law/ : /A-law/);
    assert.match(info, /Sample Rate\s+: 8000/);
    const stat = spawnSync('sox', [file, '-n', 'stat']).stderr.toString();
    const rough = Number(/Rough\s+frequency:\s+(\d+)/.exec(stat)?.[1]);
    assert.ok(Math.abs(rough - 600) < 15, `sox rough frequency ${rough}: ${stat}`);
    const back = readWav(bytes);
    assert.ok(back.ok && back.value.encoding === encoding);
  });
}

test('malformed WAVs are typed errors, never throws', () => {
  const good = writeWav({ sampleRate: 8000, channels: [sine(600, 8000, 0.1)], encoding: 'pcm16' });
  assert.equal(readWav(new Uint8Array(4)).ok, false);
  assert.equal(readWav(new TextEncoder().encode('RIFF....WAVEjunk')).ok, false);
  for (let cut = 0; cut < 60; cut++) {
    const r = readWav(good.subarray(0, cut));
    assert.equal(typeof r.ok, 'boolean');
  }
  const corrupt = good.slice();
  corrupt[22] = 0; // zero channels
  const r = readWav(corrupt);
  assert.ok(!r.ok && r.error.code === MediaErrorCode.WavUnsupported);
  const truncated = readWav(good.subarray(0, 44 + 100));
  assert.ok(truncated.ok && must(truncated.value.channels[0]).length === 50, 'a short data chunk reads what is there');
});

test('MP3: lamejs encodes, mpg123 decodes, the tone survives', async () => {
  const enc = new Mp3StreamEncoder({ sampleRate: 16000, channels: 1 });
  const tone = sine(440, 16000, 2, 10000);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < tone.length; i += 320) parts.push(enc.encode(tone.subarray(i, i + 320)));
  parts.push(enc.flush());
  const mp3 = Uint8Array.from(parts.flatMap((p) => [...p]));
  assert.ok(mp3.length > 1000 && mp3.length < 20000, `${mp3.length} bytes for 2 s`);
  const d = await decodeMp3(mp3);
  assert.ok(d.ok);
  assert.equal(d.value.sampleRate, 16000);
  const x = must(d.value.channels[0]);
  assert.ok(x.length >= tone.length - 2000);
  assert.ok(Math.abs(dominantFrequency(x.subarray(4000), 16000) - 440) <= 2);
  const bad = await decodeMp3(new Uint8Array(1000).fill(7));
  assert.ok(!bad.ok && bad.error.code === MediaErrorCode.Mp3Malformed);
});

test('prompt loader: 44.1 kHz WAV and MP3 uploads become bus-rate mono', async () => {
  const wav = await loadPrompt(soxTone('prompt44.wav', 44100, ['-b', '16'], 1000, 2), 8000);
  assert.ok(wav.ok);
  assert.equal(wav.value.samples.length, 4000);
  assert.ok(Math.abs(dominantFrequency(wav.value.samples.subarray(500), 8000) - 1000) <= 1);
  const enc = new Mp3StreamEncoder({ sampleRate: 16000, channels: 1 });
  const mp3 = Uint8Array.from([...enc.encode(sine(700, 16000, 1, 9000)), ...enc.flush()]);
  const p = await loadPrompt(mp3, 8000);
  assert.ok(p.ok);
  assert.ok(Math.abs(dominantFrequency(p.value.samples.subarray(2000), 8000) - 700) <= 2);
  const odd = await loadPrompt(soxTone('odd.wav', 12345, ['-b', '16']), 8000);
  assert.ok(!odd.ok && odd.error.code === MediaErrorCode.UnsupportedRate);
  const junk = await loadPrompt(new TextEncoder().encode('hello world, not audio'), 8000);
  assert.equal(junk.ok, false);
});

test('a finished stereo WAV recording converts to MP3 after the call, channels kept apart', async () => {
  const wav = writeWav({ sampleRate: 8000, channels: [sine(500, 8000, 2, 8000), sine(1700, 8000, 2, 8000)], encoding: 'pcm16' });
  const mp3 = wavToMp3(wav);
  assert.ok(mp3.ok);
  assert.ok(mp3.value.length < wav.length / 4, `${mp3.value.length} bytes of MP3 for ${wav.length} of WAV`);
  const d = await decodeMp3(mp3.value);
  assert.ok(d.ok && d.value.channels.length === 2);
  assert.ok(Math.abs(dominantFrequency(must(d.value.channels[0]).subarray(2000), 8000) - 500) <= 3);
  assert.ok(Math.abs(dominantFrequency(must(d.value.channels[1]).subarray(2000), 8000) - 1700) <= 3);
  assert.equal(wavToMp3(new Uint8Array(10)).ok, false);
});

test('property: random and mutated WAV bytes never throw', async () => {
  const fc = (await import('fast-check')).default;
  const good = writeWav({ sampleRate: 8000, channels: [sine(600, 8000, 0.05)], encoding: 'alaw' });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
      const withHeader = new Uint8Array([...new TextEncoder().encode('RIFF\0\0\0\0WAVE'), ...junk]);
      assert.equal(typeof readWav(withHeader).ok, 'boolean');
      assert.equal(typeof readWav(junk).ok, 'boolean');
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
      const mutated = good.slice();
      mutated[at] = value;
      const r = readWav(mutated);
      if (r.ok) assert.ok(r.value.channels.every((c) => c.length <= good.length));
    }),
    { numRuns: 1000 },
  );
});
