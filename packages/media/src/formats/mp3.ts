import { Mp3Encoder } from '@breezystack/lamejs';
import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { MPEGDecoder } from 'mpg123-decoder';
import { MediaErrorCode, mediaError } from '../errors.ts';
import type { DecodedAudio } from './wav-reader.ts';

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
