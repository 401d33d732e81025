import { Resampler } from '../codecs/resampler.ts';
import type { Recorder } from '../dsp/recorder.ts';
import { SilenceDetector } from '../dsp/silence-detector.ts';
import type { RecordFinishReason, SilenceStop } from './protocol.ts';
import type { RecordingSink } from './recording-file.ts';

/** Trailing silence kept when a recording ends on silence (Asterisk's voicemail keeps 200 ms too). */
export const SILENCE_TAIL_KEPT_MS = 200;

export interface TapSilenceOptions extends SilenceStop {
  /** Which input is the incoming audio: `a` (an endpoint's own inbound) or both sides (a bridge's members). */
  sides: 'a' | 'both';
}

interface TapSilence {
  detector: SilenceDetector;
  sides: 'a' | 'both';
  /** Frames held back while silent: at most `silenceMs` of them, the most a silence stop trims. */
  held: Array<{ a: Int16Array; b: Int16Array }>;
  holdFrames: number;
}

/**
 * A recording attached to an endpoint or a bridge: each tick it takes the two sides' 20 ms frames
 * (either may be missing: silence), brings them to the recording's rate with streaming converters,
 * and appends the recorder's output to the sink. With `silence` it runs a `SilenceDetector` on the
 * incoming side and holds silent frames back, so a stop on silence can leave the trailing silence out.
 */
export class RecordingTap {
  readonly recorder: Recorder;
  readonly sink: RecordingSink;
  readonly path: string;
  readonly rate: 8000 | 16000;
  private readonly converters = new Map<'a' | 'b', Resampler>();
  private readonly silence: TapSilence | undefined;

  constructor(recorder: Recorder, sink: RecordingSink, path: string, rate: 8000 | 16000, silence?: TapSilenceOptions) {
    this.recorder = recorder;
    this.sink = sink;
    this.path = path;
    this.rate = rate;
    if (silence) {
      const detector = new SilenceDetector({
        sampleRate: rate,
        silenceTimeoutMs: silence.silenceMs,
        ...(silence.thresholdDbfs === undefined ? {} : { thresholdDb: silence.thresholdDbfs }),
        ...(silence.noSpeechMs === undefined ? {} : { initialTimeoutMs: silence.noSpeechMs }),
      });
      this.silence = { detector, sides: silence.sides, held: [], holdFrames: Math.ceil(silence.silenceMs / 20) };
    }
    sink.append(recorder.start());
  }

  /** Appends one tick; returns why the recording should end now, when its silence stop fired. */
  write(
    a: { frame: Int16Array | undefined; rate: number },
    b: { frame: Int16Array | undefined; rate: number },
  ): RecordFinishReason | undefined {
    const fa = this.fit('a', a.frame, a.rate);
    const fb = this.fit('b', b.frame, b.rate);
    const s = this.silence;
    if (!s) {
      this.append(fa, fb);
      return undefined;
    }
    const v = s.detector.process(s.sides === 'a' ? fa : louder(fa, fb));
    if (v.silenceMs > 0) {
      // Frames are views of the endpoints' buffers: copy what is kept past this tick.
      s.held.push({ a: fa.slice(), b: fb.slice() });
      while (s.held.length > s.holdFrames) {
        const f = s.held.shift() as { a: Int16Array; b: Int16Array };
        this.append(f.a, f.b);
      }
    } else {
      this.release(s.held.length);
      this.append(fa, fb);
    }
    if (v.event === 'silence-timeout') return 'silence';
    if (v.event === 'no-speech-timeout') return 'no-speech';
    return undefined;
  }

  /**
   * Finish the file: remaining bytes, then (WAV) the header with the final length. `trimSilence` (the
   * stop was on silence): of the held-back silence only the first 200 ms goes in; otherwise all of it.
   */
  async close(trimSilence = false): Promise<number> {
    if (this.silence) this.release(trimSilence ? Math.round(SILENCE_TAIL_KEPT_MS / 20) : this.silence.held.length);
    const fin = this.recorder.finish();
    this.sink.append(fin.tail);
    await this.sink.finish(fin.header);
    return fin.durationMs;
  }

  private append(a: Int16Array, b: Int16Array): void {
    this.sink.append(this.recorder.process({ a, b }));
  }

  /** Writes the first `count` held frames and forgets the rest. */
  private release(count: number): void {
    const s = this.silence;
    if (!s) return;
    for (const f of s.held.slice(0, count)) this.append(f.a, f.b);
    s.held = [];
  }

  private fit(side: 'a' | 'b', x: Int16Array | undefined, rate: number): Int16Array {
    const size = (this.rate * 20) / 1000;
    if (!x) return new Int16Array(size);
    if (rate === this.rate) return x;
    let r = this.converters.get(side);
    if (!r) {
      r = new Resampler(rate, this.rate);
      this.converters.set(side, r);
    }
    const y = r.process(x);
    return y.length === size ? y : Int16Array.from({ length: size }, (_, i) => y[i] ?? 0);
  }
}

/** The frame with more energy (a bridge: whoever speaks counts as speech). */
function louder(a: Int16Array, b: Int16Array): Int16Array {
  let ea = 0;
  let eb = 0;
  for (let i = 0; i < a.length; i++) ea += (a[i] as number) ** 2;
  for (let i = 0; i < b.length; i++) eb += (b[i] as number) ** 2;
  return eb > ea ? b : a;
}
