import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordingFormatFor, recordingPath } from './recording-policy.ts';

describe('recording policy', () => {
  it('the per-call choice wins over the global switch', () => {
    assert.equal(recordingFormatFor('none'), undefined);
    assert.equal(recordingFormatFor('wav'), 'wav');
    assert.equal(recordingFormatFor('mp3'), 'mp3');
    assert.equal(recordingFormatFor('mp3', 'off'), undefined);
    assert.equal(recordingFormatFor('none', 'on'), 'wav');
    assert.equal(recordingFormatFor('mp3', 'on'), 'mp3');
  });

  it('files go in a folder per local day and carry a safe call id', () => {
    // 2026-01-05 20:30 UTC is already 2026-01-06 in Shanghai.
    const t = Date.UTC(2026, 0, 5, 20, 30);
    assert.equal(recordingPath({ callId: 'c1', startedAt: t, format: 'mp3' }), '2026-01-06/c1.mp3');
    assert.equal(
      recordingPath({ callId: '../etc/x', startedAt: t, format: 'wav', timeZone: 'Europe/Berlin' }),
      '2026-01-05/___etc_x.wav',
    );
  });
});
