import type { DtmfDigit } from './dtmf-event.ts';
import { Goertzel, goertzelToMeanPower } from './goertzel.ts';

const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ['123A', '456B', '789C', '*0#D'];

export interface DtmfDetectorOptions {
  /** Only 8 kHz: the bus runs the detector before any upsampling. */
  sampleRate?: 8000;
  /** Highest allowed excess of the row (low) tone over the column tone, dB. Q.24: 8 dB. */
  normalTwistDb?: number;
  /** Highest allowed excess of the column (high) tone over the row tone, dB. Q.24: 4 dB. */
  reverseTwistDb?: number;
  /** Minimum level of each tone, dBm0 (Q.24 receivers accept from about −25 dBm0 per tone). */
  minLevelDbm0?: number;
}

export type DtmfDetection =
  | { type: 'begin'; digit: DtmfDigit; atSample: number }
  | { type: 'end'; digit: DtmfDigit; atSample: number; durationMs: number };

/** Samples per analysis block: 12.75 ms, bins ~78 Hz wide, narrow enough to separate the DTMF rows. */
const BLOCK = 102;
/** μ-law full-scale sine is +3.17 dBm0 (G.711), so 0 dBm0 is this amplitude. */
const DBM0_AMPLITUDE = 32768 * 10 ** (-3.17 / 20);

/**
 * In-band DTMF detector (Goertzel over 102-sample blocks). Timing per ITU-T Q.24: a digit is declared
 * after two consecutive blocks agree (any tone of 40 ms or more always spans two whole blocks; a tone
 * shorter than 25.5 ms never does), and it ends after two blocks without it. Each block must pass level,
 * twist, relative-peak and energy-share tests, which keep speech and music from talking off digits.
 */
export class DtmfDetector {
  private readonly rows = ROWS.map((f) => new Goertzel(f, 8000));
  private readonly cols = COLS.map((f) => new Goertzel(f, 8000));
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly minPower: number;
  private readonly pending = new Float64Array(BLOCK);
  private fill = 0;
  private samples = 0;
  private lastRaw: DtmfDigit | undefined;
  private current: DtmfDigit | undefined;
  private currentStart = 0;
  private misses = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    this.normalTwist = 10 ** ((options.normalTwistDb ?? 8) / 10);
    this.reverseTwist = 10 ** ((options.reverseTwistDb ?? 4) / 10);
    const amp = DBM0_AMPLITUDE * 10 ** ((options.minLevelDbm0 ?? -30) / 20);
    this.minPower = (amp * amp) / 2;
  }

  process(pcm: Int16Array): DtmfDetection[] {
    const out: DtmfDetection[] = [];
    for (let i = 0; i < pcm.length; i++) {
      this.pending[this.fill++] = pcm[i] as number;
      this.samples++;
      if (this.fill === BLOCK) {
        this.fill = 0;
        this.onBlock(this.classify(this.pending), out);
      }
    }
    return out;
  }

  private onBlock(raw: DtmfDigit | undefined, out: DtmfDetection[]): void {
    if (this.current !== undefined) {
      if (raw === this.current) this.misses = 0;
      else if (++this.misses >= 2) {
        const end = this.samples - 2 * BLOCK;
        out.push({ type: 'end', digit: this.current, atSample: end, durationMs: ((end - this.currentStart) * 1000) / 8000 });
        this.current = undefined;
      }
    } else if (raw !== undefined && raw === this.lastRaw) {
      this.current = raw;
      this.currentStart = this.samples - 2 * BLOCK;
      this.misses = 0;
      out.push({ type: 'begin', digit: raw, atSample: this.currentStart });
    }
    this.lastRaw = raw;
  }

  private classify(x: Float64Array): DtmfDigit | undefined {
    const rp = this.rows.map((g) => goertzelToMeanPower(g.power(x), BLOCK));
    const cp = this.cols.map((g) => goertzelToMeanPower(g.power(x), BLOCK));
    const r = argmax(rp);
    const c = argmax(cp);
    const row = rp[r] as number;
    const col = cp[c] as number;
    if (row < this.minPower || col < this.minPower) return undefined;
    // Twist: the row tone may exceed the column tone by the normal twist, the reverse by less.
    if (row > col * this.normalTwist || col > row * this.reverseTwist) return undefined;
    // Relative peak: each winner stands at least 6 dB (×4) above the rest of its group.
    for (let i = 0; i < 4; i++) {
      if (i !== r && (rp[i] as number) * 4 > row) return undefined;
      if (i !== c && (cp[i] as number) * 4 > col) return undefined;
    }
    // Energy share: the two tones carry most of the block's power (speech spreads it out).
    let total = 0;
    for (let i = 0; i < BLOCK; i++) total += (x[i] as number) ** 2;
    total /= BLOCK;
    if (row + col < 0.6 * total) return undefined;
    return KEYS[r]?.[c] as DtmfDigit;
  }
}

function argmax(a: number[]): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if ((a[i] as number) > (a[best] as number)) best = i;
  return best;
}
