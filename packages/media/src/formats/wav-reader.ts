import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { ALAW_DECODE, MULAW_DECODE } from '../codecs/g711.ts';
import { MediaErrorCode, mediaError } from '../errors.ts';

export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'float32' | 'ulaw' | 'alaw';

export interface DecodedAudio {
  sampleRate: number;
  /** One Int16Array per channel. */
  channels: Int16Array[];
  encoding: WavEncoding;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Read a RIFF/WAVE file: PCM 8/16/24-bit, 32-bit float, μ-law and A-law, mono or stereo, any rate.
 * Uploaded files are untrusted: every length is checked and failures are typed errors, never throws.
 * A data chunk that claims more than the file holds (streaming writers leave 0 or 0xFFFFFFFF) is
 * read up to the end of the file.
 */
export function readWav(bytes: Uint8Array): Result<DecodedAudio, AppError> {
  const bad = (m: string) => err(mediaError(MediaErrorCode.WavMalformed, m));
  if (bytes.length < 12) return bad('file too short for a RIFF header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return bad('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return bad('fmt chunk too short');
      let format = v.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.length) return bad('extensible fmt chunk too short');
        format = v.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        format,
        channels: v.getUint16(body + 2, true),
        rate: v.getUint32(body + 4, true),
        blockAlign: v.getUint16(body + 12, true),
        bits: v.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) return bad('data chunk before fmt chunk');
      const end = Math.min(bytes.length, body + size);
      return decodeSamples(bytes.subarray(body, end), fmt);
    }
    at = body + size + (size & 1); // chunks are word aligned
  }
  return bad('no data chunk');
}

function decodeSamples(
  data: Uint8Array,
  fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number },
): Result<DecodedAudio, AppError> {
  const unsupported = (m: string) => err(mediaError(MediaErrorCode.WavUnsupported, m, { ...fmt }));
  if (fmt.channels < 1 || fmt.channels > 8) return unsupported('channel count');
  if (fmt.rate < 4000 || fmt.rate > 192000) return unsupported('sample rate');
  const encoding = encodingOf(fmt.format, fmt.bits);
  if (!encoding) return unsupported(`format ${fmt.format} with ${fmt.bits} bits`);
  const bytesPerSample = fmt.bits / 8;
  const frame = bytesPerSample * fmt.channels;
  const frames = Math.floor(data.length / frame);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels = Array.from({ length: fmt.channels }, () => new Int16Array(frames));
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < fmt.channels; c++) {
      const o = f * frame + c * bytesPerSample;
      (channels[c] as Int16Array)[f] = sampleAt(v, o, encoding);
    }
  }
  return ok({ sampleRate: fmt.rate, channels, encoding });
}

function encodingOf(format: number, bits: number): WavEncoding | undefined {
  if (format === FORMAT_PCM && bits === 8) return 'pcm8';
  if (format === FORMAT_PCM && bits === 16) return 'pcm16';
  if (format === FORMAT_PCM && bits === 24) return 'pcm24';
  if (format === FORMAT_FLOAT && bits === 32) return 'float32';
  if (format === FORMAT_MULAW && bits === 8) return 'ulaw';
  if (format === FORMAT_ALAW && bits === 8) return 'alaw';
  return undefined;
}

function sampleAt(v: DataView, o: number, e: WavEncoding): number {
  switch (e) {
    case 'pcm8':
      return (v.getUint8(o) - 128) << 8; // 8-bit WAV is unsigned
    case 'pcm16':
      return v.getInt16(o, true);
    case 'pcm24':
      return v.getInt16(o + 1, true);
    case 'float32': {
      const x = Math.round(v.getFloat32(o, true) * 32767);
      return x > 32767 ? 32767 : x < -32768 ? -32768 : Number.isNaN(x) ? 0 : x;
    }
    case 'ulaw':
      return MULAW_DECODE[v.getUint8(o)] as number;
    case 'alaw':
      return ALAW_DECODE[v.getUint8(o)] as number;
  }
}

/** Average the channels into one (prompts play mono). */
export function toMono(channels: Int16Array[]): Int16Array {
  if (channels.length === 1) return channels[0] as Int16Array;
  const n = channels[0]?.length ?? 0;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const c of channels) s += c[i] as number;
    out[i] = Math.round(s / channels.length);
  }
  return out;
}
