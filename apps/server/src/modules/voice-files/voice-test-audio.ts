import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A 16-bit mono PCM WAV written by hand: RIFF header, fmt chunk, a sine tone in the data chunk. */
export function makeWav(opts: { sampleRate: number; ms: number; hz?: number }): Buffer {
  const samples = Math.round((opts.sampleRate * opts.ms) / 1000);
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(opts.sampleRate, 24);
  b.writeUInt32LE(opts.sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  const hz = opts.hz ?? 440;
  for (let i = 0; i < samples; i++)
    b.writeInt16LE(Math.round(12000 * Math.sin((2 * Math.PI * hz * i) / opts.sampleRate)), 44 + i * 2);
  return b;
}

/** An MP3 tone encoded by Debian's ffmpeg (libmp3lame). */
export async function makeMp3(ms: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'rexian-mp3-'));
  try {
    const out = join(dir, 'tone.mp3');
    await promisify(execFile)('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${ms / 1000}`,
      '-ar',
      '22050',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '64k',
      out,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fmt fields and data size of a WAV, read from its chunks (not from a fixed 44-byte layout). */
export function readWavHeader(b: Buffer): { channels: number; sampleRate: number; bits: number; dataBytes: number } {
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV');
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  for (let o = 12; o + 8 <= b.length; ) {
    const id = b.toString('ascii', o, o + 4);
    const size = b.readUInt32LE(o + 4);
    if (id === 'fmt ')
      fmt = { channels: b.readUInt16LE(o + 10), sampleRate: b.readUInt32LE(o + 12), bits: b.readUInt16LE(o + 22) };
    if (id === 'data') {
      if (!fmt) throw new Error('data before fmt');
      return { ...fmt, dataBytes: Math.min(size, b.length - o - 8) };
    }
    o += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}
