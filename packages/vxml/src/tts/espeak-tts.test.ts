import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEspeakTts } from './espeak-tts.ts';
import { TtsCache } from './tts-cache.ts';
import { wavInfo } from './tts-provider.ts';
import { verbalizeAmount } from './verbalize-zh.ts';

// Needs the Debian packages espeak-ng and sox.
test('espeak-ng (cmn-latn-pinyin) speaks a Mandarin sentence as non-silent 8 kHz 16-bit mono WAV, cached by text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-tts-test-'));
  try {
    const cache = new TtsCache(createEspeakTts(), dir);
    const text = `您好，欢迎致电热线。您的余额是${verbalizeAmount('12.35') ?? ''}。`;
    const first = await cache.get({ text });
    assert.ok(first.ok, first.ok ? '' : first.error.message);
    if (!first.ok) return;
    assert.equal(first.value.hit, false);
    const bytes = new Uint8Array(readFileSync(first.value.path));
    const info = wavInfo(bytes);
    assert.deepEqual(info && { sampleRate: info.sampleRate, bits: info.bits, channels: info.channels }, {
      sampleRate: 8000,
      bits: 16,
      channels: 1,
    });
    assert.ok((info?.dataBytes ?? 0) > 8000 * 2, 'at least one second of audio');
    // `sox file -n stat` prints its report on stderr.
    const report = spawnSync('sox', [first.value.path, '-n', 'stat'], { encoding: 'utf8' }).stderr;
    assert.match(report, /Sample Rate\s+8000|Samples read/);
    const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(report)?.[1]);
    assert.ok(rms > 0.01, `RMS ${rms} is silence`);
    const second = await cache.get({ text });
    assert.ok(second.ok && second.value.hit && second.value.path === first.value.path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text that looks like an option is spoken, not interpreted', async () => {
  const r = await createEspeakTts().synthesize({ text: '--version 一二三' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  if (r.ok) assert.equal(wavInfo(r.value)?.sampleRate, 8000);
});
