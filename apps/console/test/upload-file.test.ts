import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  base64OfDataUrl,
  defaultVoiceName,
  voiceFileMaxBytes,
  voiceUploadProblem,
} from '../src/features/ivr/voice-files/upload-file.ts';

test('accepts WAV and MP3 by name and refuses other files and oversized ones', () => {
  assert.equal(voiceUploadProblem({ name: 'welcome.WAV', size: 100 }), null);
  assert.equal(voiceUploadProblem({ name: 'hold.mp3', size: voiceFileMaxBytes }), null);
  assert.equal(voiceUploadProblem({ name: 'hold.ogg', size: 100 }), 'wrongType');
  assert.equal(voiceUploadProblem({ name: 'wav', size: 100 }), 'wrongType');
  assert.equal(voiceUploadProblem({ name: 'big.wav', size: voiceFileMaxBytes + 1 }), 'tooLarge');
});

test('takes the base64 part of a data URL only', () => {
  assert.equal(base64OfDataUrl('data:audio/wav;base64,UklGRg=='), 'UklGRg==');
  assert.equal(base64OfDataUrl('data:;base64,'), '');
  assert.equal(base64OfDataUrl('data:text/plain,hello'), null);
  assert.equal(base64OfDataUrl('UklGRg=='), null);
});

test('a default name is the file name without its extension, at most 64 characters', () => {
  assert.equal(defaultVoiceName('欢迎语.wav'), '欢迎语');
  assert.equal(defaultVoiceName('a.b.mp3'), 'a.b');
  assert.equal(defaultVoiceName('x'.repeat(80)).length, 64);
});
