import { Mp3Encoder } from '@breezystack/lamejs';
import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { MPEGDecoder } from 'mpg123-decoder';
import { MediaErrorCode, mediaError } from '../errors.ts';
import { type DecodedAudio, readWav } from './wav-reader.ts';

/**
 * MP3 encoding (recordings) through lamejs, a pure-JS port of LAME — no native build, runs inside a
 * worker. LGPL: used unmodified as a library, which the licence allows.
 */
export class Mp3StreamEncoder {
  private readonly encoder: Mp3Encoder;
  private readonly channels: 1 | 2;

  constructor(options: { sampleRate: number; channels: 1 | 2; kbps?: number }) {
    this.channels = options.channels;
    // 8/16 kHz input is MPEG-2.5/MPEG-2 Layer III; 16–32 kbit/s per channel is plenty for telephone speech.
    this.encoder = new Mp3Encoder(
      options.channels,
      options.sampleRate,
      options.kbps ?? (options.sampleRate <= 8000 ? 16 : 32) * options.channels,
    );
  }

  /** Encode a block; returns the MP3 bytes ready so far (possibly empty). */
  encode(left: Int16Array, right?: Int16Array): Uint8Array {
    const out = this.channels === 2 ? this.encoder.encodeBuffer(left, right ?? left) : this.encoder.encodeBuffer(left);
    return new Uint8Array(out);
  }

  flush(): Uint8Array {
    return new Uint8Array(this.encoder.flush());
  }
}

/**
 * Decode a whole MP3 (prompt upload) with mpg123 compiled to WebAssembly. Done once at upload time, so
 * playback never decodes MP3 on the media path.
 */
export async function decodeMp3(bytes: Uint8Array): Promise<Result<DecodedAudio, AppError>> {
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    const r = decoder.decode(bytes);
    if (r.samplesDecoded === 0 || r.channelData.length === 0) {
      return err(mediaError(MediaErrorCode.Mp3Malformed, 'no MPEG audio frames found'));
    }
    const channels = r.channelData.map((ch) => {
      const out = new Int16Array(ch.length);
      for (let i = 0; i < ch.length; i++) {
        const x = Math.round((ch[i] as number) * 32767);
        out[i] = x > 32767 ? 32767 : x < -32768 ? -32768 : x;
      }
      return out;
    });
    return ok({ sampleRate: r.sampleRate, channels, encoding: 'pcm16' });
  } catch (cause) {
    return err(mediaError(MediaErrorCode.Mp3Malformed, 'MP3 decoding failed', { cause: String(cause) }));
  } finally {
    decoder.free();
  }
}

/**
 * Convert a finished WAV recording to MP3. lamejs costs far more CPU than writing WAV (tens of ms per
 * second of audio), so at scale calls are recorded as WAV in the media worker and converted after
 * hang-up, off the media path; live MP3 (`Recorder` with format `mp3`) suits small deployments.
 */
export function wavToMp3(wav: Uint8Array, kbps?: number): Result<Uint8Array, AppError> {
  const r = readWav(wav);
  if (!r.ok) return r;
  const { sampleRate, channels } = r.value;
  if (channels.length > 2) return err(mediaError(MediaErrorCode.WavUnsupported, 'MP3 conversion takes mono or stereo'));
  const enc = new Mp3StreamEncoder({
    sampleRate,
    channels: channels.length === 2 ? 2 : 1,
    ...(kbps === undefined ? {} : { kbps }),
  });
  const left = channels[0] as Int16Array;
  const right = channels[1];
  const parts: Uint8Array[] = [];
  const block = 1152 * 20;
  for (let i = 0; i < left.length; i += block) parts.push(enc.encode(left.subarray(i, i + block), right?.subarray(i, i + block)));
  parts.push(enc.flush());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return ok(out);
}
