import { Mp3StreamEncoder } from '../formats/mp3.ts';
import { type WavWriteEncoding, wavData, wavHeader } from '../formats/wav-writer.ts';

/** The manual's global recording switch (§4.6.11): none / MP3 / WAV. `none` means no recorder at all. */
export type RecordingFormat = 'wav' | 'mp3';

export interface RecorderOptions {
  format: RecordingFormat;
  sampleRate: 8000 | 16000;
  /** 1: both parties mixed; 2: party A left, party B right (for QA and speech analytics). */
  channels: 1 | 2;
  wavEncoding?: WavWriteEncoding;
}

export interface RecorderFrame {
  /** Party A (usually the caller) and party B (the agent); a missing side is silence. */
  a?: Int16Array;
  b?: Int16Array;
}

export interface RecorderResult {
  /** Bytes to append after everything `start` and `process` returned. */
  tail: Uint8Array;
  /** For WAV: the final header, to be written over the placeholder at offset 0. */
  header?: Uint8Array;
  durationMs: number;
}

/**
 * Streams a call recording: `start()` gives the first bytes, each `process(frame)` the bytes to append,
 * `finish()` the tail (and, for WAV, the real header once the length is known). No I/O here: the
 * engine's file adapter appends and patches.
 */
export class Recorder {
  private readonly o: Required<RecorderOptions>;
  private readonly mp3: Mp3StreamEncoder | undefined;
  private samples = 0;
  private dataBytes = 0;

  constructor(options: RecorderOptions) {
    this.o = { wavEncoding: 'pcm16', ...options };
    this.mp3 =
      options.format === 'mp3' ? new Mp3StreamEncoder({ sampleRate: options.sampleRate, channels: options.channels }) : undefined;
  }

  start(): Uint8Array {
    if (this.o.format === 'mp3') return new Uint8Array(0);
    return wavHeader({ sampleRate: this.o.sampleRate, channels: this.o.channels, encoding: this.o.wavEncoding, dataBytes: 0 });
  }

  process(frame: RecorderFrame): Uint8Array {
    const n = Math.max(frame.a?.length ?? 0, frame.b?.length ?? 0);
    const a = frame.a ?? new Int16Array(n);
    const b = frame.b ?? new Int16Array(n);
    this.samples += n;
    const channels = this.o.channels === 2 ? [a, b] : [mix(a, b, n)];
    if (this.mp3) return this.mp3.encode(channels[0] as Int16Array, channels[1]);
    const bytes = wavData(channels, this.o.wavEncoding);
    this.dataBytes += bytes.length;
    return bytes;
  }

  finish(): RecorderResult {
    const durationMs = (this.samples * 1000) / this.o.sampleRate;
    if (this.mp3) return { tail: this.mp3.flush(), durationMs };
    return {
      tail: new Uint8Array(this.dataBytes & 1),
      header: wavHeader({
        sampleRate: this.o.sampleRate,
        channels: this.o.channels,
        encoding: this.o.wavEncoding,
        dataBytes: this.dataBytes,
      }),
      durationMs,
    };
  }
}

function mix(a: Int16Array, b: Int16Array, n: number): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const v = (a[i] ?? 0) + (b[i] ?? 0);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}
