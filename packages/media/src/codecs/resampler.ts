/**
 * Rational polyphase resampler with a Kaiser-windowed sinc low-pass. The filter is designed once per
 * rate pair and cached. Used live for the 8↔16 kHz bus conversions and once, at upload time, to bring
 * prompts from 22.05/44.1/48 kHz down to the bus rate.
 *
 * Why a real FIR: decimating 16→8 kHz by dropping samples folds everything above 4 kHz back into the
 * band (a 6 kHz tone would come out at 2 kHz). The cut-off sits just under the lower Nyquist frequency
 * and the stop band is ≥ 70 dB down, so aliases are below the G.711 noise floor.
 */

const STOPBAND_DB = 70;

export interface ResamplerDesign {
  readonly from: number;
  readonly to: number;
  /** Upsampling factor L and downsampling factor M (from · L / M = to). */
  readonly up: number;
  readonly down: number;
  /** Taps per polyphase branch. */
  readonly tapsPerPhase: number;
  /** phases[p][k]: coefficient of input x[n - k] for output phase p, gain L folded in. */
  readonly phases: Float32Array[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Zeroth-order modified Bessel function, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

const cache = new Map<string, ResamplerDesign>();

export function designResampler(from: number, to: number): ResamplerDesign {
  const key = `${from}:${to}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const g = gcd(from, to);
  const up = to / g;
  const down = from / g;
  const nyquist = Math.min(from, to) / 2;
  // Pass band to 0.86 · Nyquist (3.44 kHz for an 8 kHz output, covering the 300–3400 Hz telephone band),
  // stop band from Nyquist on: nothing at or above the output's Nyquist frequency survives.
  const passEdge = 0.86 * nyquist;
  const cutoff = (passEdge + nyquist) / 2;
  const transition = (nyquist - passEdge) / from; // normalised to the input rate
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  // Kaiser's estimate of the length at the input rate, then spread over `up` phases.
  const inputTaps = Math.ceil((STOPBAND_DB - 8) / (2.285 * 2 * Math.PI * transition)) + 1;
  const tapsPerPhase = inputTaps | 1;
  const total = tapsPerPhase * up;
  const center = (total - 1) / 2;
  const fc = cutoff / (from * up); // cycles per upsampled sample
  const proto = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const t = i - center;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const r = (2 * i) / (total - 1) - 1;
    proto[i] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta)) * up;
  }
  const phases: Float32Array[] = [];
  for (let p = 0; p < up; p++) {
    const branch = new Float32Array(tapsPerPhase);
    for (let k = 0; k < tapsPerPhase; k++) branch[k] = proto[p + k * up] ?? 0;
    phases.push(branch);
  }
  const design: ResamplerDesign = { from, to, up, down, tapsPerPhase, phases };
  cache.set(key, design);
  return design;
}

/**
 * A streaming resampler: feed blocks of any size, get the corresponding output blocks. State (the
 * input history and the phase) carries across calls so block edges are seamless.
 */
export class Resampler {
  readonly design: ResamplerDesign;
  private history: Float32Array;
  /** Position of the next output in upsampled-sample units, relative to the start of `history`. */
  private t = 0;

  constructor(from: number, to: number) {
    this.design = designResampler(from, to);
    // Start with a zero history so the first output sample aligns with the first input sample's filter delay.
    this.history = new Float32Array(this.design.tapsPerPhase - 1);
    this.t = (this.design.tapsPerPhase - 1) * this.design.up;
  }

  /** Group delay in output samples (the filter is linear phase). */
  get delay(): number {
    return Math.round((((this.design.tapsPerPhase - 1) / 2) * this.design.to) / this.design.from);
  }

  process(input: Int16Array): Int16Array {
    const { up, down, tapsPerPhase, phases } = this.design;
    const buf = new Float32Array(this.history.length + input.length);
    buf.set(this.history);
    for (let i = 0; i < input.length; i++) buf[this.history.length + i] = input[i] as number;
    const out: number[] = [];
    let t = this.t;
    // Output n needs input index floor(t / up) and the tapsPerPhase samples before it.
    for (;;) {
      const idx = Math.floor(t / up);
      if (idx >= buf.length) break;
      const branch = phases[t - idx * up] as Float32Array;
      let acc = 0;
      // idx - k >= 0 always: the history holds tapsPerPhase - 1 samples and t starts past them.
      for (let k = 0; k < tapsPerPhase; k++) acc += (branch[k] as number) * (buf[idx - k] as number);
      out.push(acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc));
      t += down;
    }
    const keepFrom = Math.max(0, buf.length - (tapsPerPhase - 1));
    this.history = buf.slice(keepFrom);
    this.t = t - keepFrom * up;
    return Int16Array.from(out);
  }
}

/** One-shot conversion of a whole clip (prompts at upload time). */
export function resample(input: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return input.slice();
  return new Resampler(from, to).process(input);
}
