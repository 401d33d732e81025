/**
 * Test-only audio analysis, deliberately independent of the production DSP (its own DFT, not the
 * library's Goertzel) so a bug in one cannot hide the same bug in the other.
 */

export function sine(freq: number, rate: number, seconds: number, amplitude = 8000, phase = 0): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate + phase));
  return out;
}

export function mixInto(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, (a[i] ?? 0) + (b[i] ?? 0)));
  return out;
}

/** Power of the DFT bin at exactly `freq` over a Hann-windowed block (direct sum, O(N)). */
export function powerAt(x: ArrayLike<number>, rate: number, freq: number): number {
  let re = 0;
  let im = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const a = (2 * Math.PI * freq * i) / rate;
    re += (x[i] as number) * w * Math.cos(a);
    im -= (x[i] as number) * w * Math.sin(a);
  }
  return (re * re + im * im) / (n * n);
}

/** The dominant frequency: coarse scan every `step` Hz, then a fine scan around the peak. */
export function dominantFrequency(x: ArrayLike<number>, rate: number, step = 10): number {
  const slice = Array.from({ length: Math.min(x.length, 4096) }, (_, i) => x[i] as number);
  let best = 0;
  let bestP = -1;
  for (let f = step; f < rate / 2; f += step) {
    const p = powerAt(slice, rate, f);
    if (p > bestP) [best, bestP] = [f, p];
  }
  const coarse = best;
  for (let f = coarse - step; f <= coarse + step; f += 0.5) {
    const p = powerAt(slice, rate, f);
    if (p > bestP) [best, bestP] = [f, p];
  }
  return best;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Signal-to-noise ratio in dB of `y` against the reference `x`, after the best integer alignment. */
export function snrDb(x: ArrayLike<number>, y: ArrayLike<number>, maxLag = 64, skip = 200): number {
  let best = Number.NEGATIVE_INFINITY;
  const n = Math.min(x.length, y.length) - maxLag;
  for (let lag = 0; lag <= maxLag; lag++) {
    let sig = 0;
    let noise = 0;
    for (let i = skip; i < n; i++) {
      const a = x[i] as number;
      const d = a - (y[i + lag] as number);
      sig += a * a;
      noise += d * d;
    }
    best = Math.max(best, 10 * Math.log10(sig / Math.max(noise, 1e-9)));
  }
  return best;
}
