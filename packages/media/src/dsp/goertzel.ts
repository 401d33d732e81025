/**
 * Goertzel's algorithm: the power of one DFT bin in O(N) with one multiply per sample, cheaper than
 * an FFT when only a handful of frequencies matter (the 8 DTMF tones, a ringback detector).
 */
export class Goertzel {
  private readonly coeff: number;

  constructor(freq: number, sampleRate: number) {
    this.coeff = 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
  }

  /** Squared magnitude |X(f)|² over `x[from..to)`. */
  power(x: ArrayLike<number>, from = 0, to = x.length): number {
    let s1 = 0;
    let s2 = 0;
    const c = this.coeff;
    for (let i = from; i < to; i++) {
      const s0 = (x[i] as number) + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
  }
}

/** Mean power of a sine of amplitude A is A²/2; a Goertzel bin over N samples reads (A·N/2)². */
export function goertzelToMeanPower(binPower: number, n: number): number {
  return (2 * binPower) / (n * n);
}
