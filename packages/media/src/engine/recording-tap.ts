import { Resampler } from '../codecs/resampler.ts';
import type { Recorder } from '../dsp/recorder.ts';
import type { RecordingSink } from './recording-file.ts';

/**
 * A recording attached to an endpoint or a bridge: each tick it takes the two sides' 20 ms frames
 * (either may be missing: silence), brings them to the recording's rate with streaming converters,
 * and appends the recorder's output to the sink.
 */
export class RecordingTap {
  readonly recorder: Recorder;
  readonly sink: RecordingSink;
  readonly path: string;
  readonly rate: 8000 | 16000;
  private readonly converters = new Map<'a' | 'b', Resampler>();

  constructor(recorder: Recorder, sink: RecordingSink, path: string, rate: 8000 | 16000) {
    this.recorder = recorder;
    this.sink = sink;
    this.path = path;
    this.rate = rate;
    sink.append(recorder.start());
  }

  write(a: { frame: Int16Array | undefined; rate: number }, b: { frame: Int16Array | undefined; rate: number }): void {
    this.sink.append(this.recorder.process({ a: this.fit('a', a.frame, a.rate), b: this.fit('b', b.frame, b.rate) }));
  }

  /** Finish the file: remaining bytes, then (WAV) the header with the final length. */
  async close(): Promise<number> {
    const fin = this.recorder.finish();
    this.sink.append(fin.tail);
    await this.sink.finish(fin.header);
    return fin.durationMs;
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
