import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMp3 } from '../formats/mp3.ts';
import { readWav } from '../formats/wav-reader.ts';
import { must } from '../testing/must.ts';
import { dominantFrequency, rms, sine } from '../testing/tone-analysis.ts';
import { Player, type PlayerEvent } from './player.ts';
import { Recorder } from './recorder.ts';

const ramp = (n: number, start: number): Int16Array => Int16Array.from({ length: n }, (_, i) => start + i);

function run(p: Player, frames: number): { pcm: number[]; events: PlayerEvent[] } {
  const pcm: number[] = [];
  const events: PlayerEvent[] = [];
  for (let i = 0; i < frames; i++) {
    const o = p.process({ kind: 'frame' });
    pcm.push(...must(o.frame));
    events.push(...o.events);
  }
  return { pcm, events };
}

test('a play list joins items seamlessly and pads only the last frame', () => {
  const p = new Player({ items: [{ samples: ramp(250, 1) }, { samples: ramp(100, 1000) }], frameSamples: 160 });
  const { pcm, events } = run(p, 4);
  assert.deepEqual(pcm.slice(0, 350), [...ramp(250, 1), ...ramp(100, 1000)]);
  assert.ok(pcm.slice(350).every((v) => v === 0));
  assert.deepEqual(events, [
    { type: 'item-started', index: 0 },
    { type: 'item-started', index: 1 },
    { type: 'finished', reason: 'completed' },
  ]);
  assert.ok(p.done);
});

test('loop repeats the list the given number of extra times', () => {
  const p = new Player({ items: [{ samples: ramp(160, 1) }], frameSamples: 160, loops: 2 });
  const { pcm, events } = run(p, 4);
  assert.deepEqual(pcm, [...ramp(160, 1), ...ramp(160, 1), ...ramp(160, 1), ...new Array(160).fill(0)]);
  assert.equal(events.filter((e) => e.type === 'finished').length, 1);
  const forever = new Player({ items: [{ samples: ramp(100, 1) }], frameSamples: 160, loops: Number.POSITIVE_INFINITY });
  run(forever, 1000);
  assert.equal(forever.done, false);
});

test('pause holds the position and plays silence; resume continues', () => {
  const p = new Player({ items: [{ samples: ramp(480, 1) }], frameSamples: 160 });
  const a = run(p, 1).pcm;
  p.process({ kind: 'pause' });
  const paused = run(p, 2).pcm;
  p.process({ kind: 'resume' });
  const b = run(p, 2).pcm;
  assert.deepEqual(a, [...ramp(160, 1)]);
  assert.ok(paused.every((v) => v === 0));
  assert.deepEqual(b, [...ramp(320, 161)]);
});

test('barge-in: a DTMF digit stops a prompt that allows it, and not one that does not', () => {
  const p = new Player({ items: [{ samples: ramp(8000, 1) }], frameSamples: 160, bargeIn: true });
  run(p, 3);
  assert.deepEqual(p.process({ kind: 'dtmf', digit: '5' }).events, [{ type: 'finished', reason: 'barge-in', digit: '5' }]);
  assert.ok(run(p, 1).pcm.every((v) => v === 0));
  const q = new Player({ items: [{ samples: ramp(8000, 1) }], frameSamples: 160 });
  assert.deepEqual(q.process({ kind: 'dtmf', digit: '5' }).events, []);
  assert.deepEqual(q.process({ kind: 'stop' }).events, [{ type: 'finished', reason: 'stopped' }]);
});

function recordTwoParties(r: Recorder, seconds: number): Uint8Array {
  const a = sine(400, 8000, seconds, 8000);
  const b = sine(1300, 8000, seconds, 8000);
  const parts: Uint8Array[] = [r.start()];
  for (let i = 0; i < a.length; i += 160) parts.push(r.process({ a: a.subarray(i, i + 160), b: b.subarray(i, i + 160) }));
  const fin = r.finish();
  parts.push(fin.tail);
  const file = Uint8Array.from(parts.flatMap((p) => [...p]));
  if (fin.header) file.set(fin.header, 0);
  assert.equal(fin.durationMs, seconds * 1000);
  return file;
}

test('stereo WAV recording keeps the parties on separate channels', () => {
  const wav = readWav(recordTwoParties(new Recorder({ format: 'wav', sampleRate: 8000, channels: 2 }), 1));
  assert.ok(wav.ok);
  assert.equal(wav.value.channels.length, 2);
  assert.equal(must(wav.value.channels[0]).length, 8000);
  assert.equal(dominantFrequency(must(wav.value.channels[0]), 8000), 400);
  assert.equal(dominantFrequency(must(wav.value.channels[1]), 8000), 1300);
});

test('mono A-law WAV recording mixes both parties', () => {
  const wav = readWav(recordTwoParties(new Recorder({ format: 'wav', sampleRate: 8000, channels: 1, wavEncoding: 'alaw' }), 1));
  assert.ok(wav.ok && wav.value.encoding === 'alaw');
  const x = must(wav.value.channels[0]);
  assert.ok(rms(x) > 7000, 'both tones present');
});

test('stereo MP3 recording decodes with one party per channel', async () => {
  const mp3 = recordTwoParties(new Recorder({ format: 'mp3', sampleRate: 8000, channels: 2 }), 2);
  const d = await decodeMp3(mp3);
  assert.ok(d.ok);
  assert.equal(d.value.channels.length, 2);
  assert.ok(Math.abs(dominantFrequency(must(d.value.channels[0]).subarray(2000), d.value.sampleRate) - 400) <= 3);
  assert.ok(Math.abs(dominantFrequency(must(d.value.channels[1]).subarray(2000), d.value.sampleRate) - 1300) <= 3);
});
