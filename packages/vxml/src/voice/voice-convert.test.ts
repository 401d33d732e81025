import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { wavInfo } from '../tts/tts-provider.ts';
import { convertVoiceFile, sniffUpload } from './voice-convert.ts';

// Needs Debian sox (WAV) and ffmpeg (MP3).
test('uploads (44.1 kHz stereo WAV, MP3) become 8 kHz 16-bit mono WAV; other bytes are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-voice-test-'));
  try {
    const wavPath = join(dir, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', wavPath, 'synth', '1.5', 'sine', '600']);
    const wav = await convertVoiceFile(new Uint8Array(readFileSync(wavPath)));
    assert.ok(wav.ok, wav.ok ? '' : wav.error.message);
    if (wav.ok) {
      const info = wavInfo(wav.value.bytes);
      assert.deepEqual(info && [info.sampleRate, info.channels, info.bits], [8000, 1, 16]);
      assert.ok(Math.abs(wav.value.durationMs - 1500) < 20, String(wav.value.durationMs));
    }
    const mp3Path = join(dir, 'tone.mp3');
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', wavPath, mp3Path]);
    const mp3Bytes = new Uint8Array(readFileSync(mp3Path));
    assert.equal(sniffUpload(mp3Bytes), 'mp3');
    const mp3 = await convertVoiceFile(mp3Bytes);
    assert.ok(mp3.ok, mp3.ok ? '' : mp3.error.message);
    if (mp3.ok) assert.equal(wavInfo(mp3.value.bytes)?.sampleRate, 8000);
    const junk = await convertVoiceFile(new TextEncoder().encode('<html>not audio</html>'));
    assert.ok(!junk.ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
