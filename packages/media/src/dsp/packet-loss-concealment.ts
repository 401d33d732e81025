/**
 * Packet loss concealment on decoded PCM, after the idea of ITU-T G.711 Appendix I: repeat the last
 * pitch period of the good signal, fade it down across a run of losses, and cross-fade back into the
 * first good frame. Pure: `process(frame | undefined)` returns the frame to play.
 */
export interface PlcOptions {
  sampleRate: number;
  frameSamples: number;
}

export class PacketLossConcealer {
  private readonly rate: number;
  private readonly frameSamples: number;
  private readonly history: Float32Array;
  private period = 0;
  private periodPos = 0;
  private lostFrames = 0;
  concealedFrames = 0;

  constructor(options: PlcOptions) {
    this.rate = options.sampleRate;
    this.frameSamples = options.frameSamples;
    // 3 × the longest pitch period (15 ms at 66 Hz) of history.
    this.history = new Float32Array(Math.round(0.045 * this.rate));
  }

  /** `samples`: length of the missing packet (defaults to the configured frame). */
  process(frame: Int16Array | undefined, samples = this.frameSamples): Int16Array {
    if (frame) return this.good(frame);
    this.concealedFrames++;
    return this.conceal(samples);
  }

  private good(frame: Int16Array): Int16Array {
    let out = frame;
    if (this.lostFrames > 0) {
      // Cross-fade from the synthetic continuation into the real signal over ~4 ms.
      const synth = this.synthesize(Math.min(frame.length, Math.round(0.004 * this.rate)), this.gainFor(this.lostFrames));
      out = frame.slice();
      for (let i = 0; i < synth.length; i++) {
        const w = (i + 1) / (synth.length + 1);
        out[i] = Math.round((1 - w) * (synth[i] as number) + w * (frame[i] as number));
      }
    }
    this.lostFrames = 0;
    this.period = 0;
    this.pushHistory(out);
    return out;
  }

  private conceal(samples: number): Int16Array {
    if (this.period === 0) {
      this.period = this.estimatePeriod();
      this.periodPos = 0;
    }
    this.lostFrames++;
    const out = this.synthesize(samples, this.gainFor(this.lostFrames));
    return Int16Array.from(out, (v) => Math.round(v));
  }

  /** Full level for the first lost frame, then −20 % per frame; silent after 60 ms of loss. */
  private gainFor(lost: number): number {
    const ms = ((lost - 1) * this.frameSamples * 1000) / this.rate;
    if (ms >= 60) return 0;
    return Math.max(0, 1 - 0.2 * (lost - 1));
  }

  private synthesize(n: number, gain: number): Float32Array {
    const out = new Float32Array(n);
    const h = this.history;
    const p = this.period || 1;
    for (let i = 0; i < n; i++) {
      out[i] = (h[h.length - p + (this.periodPos % p)] as number) * gain;
      this.periodPos++;
    }
    return out;
  }

  /** Pitch period by normalised autocorrelation over 2.5–15 ms lags. */
  private estimatePeriod(): number {
    const h = this.history;
    const minLag = Math.round(0.0025 * this.rate);
    const maxLag = Math.round(0.015 * this.rate);
    const win = maxLag;
    const end = h.length;
    let best = maxLag;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let num = 0;
      let den = 1e-9;
      for (let i = end - win; i < end; i++) {
        num += (h[i] as number) * (h[i - lag] as number);
        den += (h[i - lag] as number) ** 2;
      }
      const score = num / Math.sqrt(den);
      if (score > bestScore) [best, bestScore] = [lag, score];
    }
    return best;
  }

  private pushHistory(frame: Int16Array): void {
    const h = this.history;
    if (frame.length >= h.length) {
      for (let i = 0; i < h.length; i++) h[i] = frame[frame.length - h.length + i] as number;
      return;
    }
    h.copyWithin(0, frame.length);
    for (let i = 0; i < frame.length; i++) h[h.length - frame.length + i] = frame[i] as number;
  }
}
