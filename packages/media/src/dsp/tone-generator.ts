/**
 * Call-progress tone generator. A tone is a set of frequencies played through an on/off cadence;
 * phase runs continuously inside each burst so there are no clicks at frame edges.
 */
export interface ToneSpec {
  frequencies: number[];
  /** Level per frequency component, dBm0. */
  levelDbm0: number;
  /** Alternating on/off durations in ms; empty means continuous. */
  cadenceMs: number[];
}

/** China (YD/T 1200 / GB 15281-style) call-progress tones: all on 450 Hz. */
export const CHINA_TONES = {
  dial: { frequencies: [450], levelDbm0: -10, cadenceMs: [] },
  ringback: { frequencies: [450], levelDbm0: -10, cadenceMs: [1000, 4000] },
  busy: { frequencies: [450], levelDbm0: -10, cadenceMs: [350, 350] },
  congestion: { frequencies: [450], levelDbm0: -10, cadenceMs: [700, 700] },
  callWaiting: { frequencies: [450], levelDbm0: -10, cadenceMs: [400, 4000] },
} as const satisfies Record<string, ToneSpec>;

/** μ-law full-scale sine is +3.17 dBm0 (G.711 Table 1): the amplitude of a 0 dBm0 sine. */
export const DBM0_AMPLITUDE = 32768 * 10 ** (-3.17 / 20);

export class ToneGenerator {
  private readonly spec: ToneSpec;
  private readonly rate: number;
  private readonly amplitude: number;
  private readonly period: number;
  private position = 0;
  private readonly phases: number[];

  constructor(spec: ToneSpec, sampleRate: number) {
    this.spec = spec;
    this.rate = sampleRate;
    this.amplitude = DBM0_AMPLITUDE * 10 ** (spec.levelDbm0 / 20);
    this.period = spec.cadenceMs.reduce((a, b) => a + b, 0);
    this.phases = spec.frequencies.map(() => 0);
  }

  /** Next `samples` samples of the tone. */
  process(samples: number): Int16Array {
    const out = new Int16Array(samples);
    const steps = this.spec.frequencies.map((f) => (2 * Math.PI * f) / this.rate);
    for (let i = 0; i < samples; i++) {
      const on = this.isOn((this.position * 1000) / this.rate);
      this.position++;
      if (!on) {
        this.phases.fill(0);
        continue;
      }
      let v = 0;
      for (let k = 0; k < steps.length; k++) {
        v += Math.sin(this.phases[k] as number);
        this.phases[k] = ((this.phases[k] as number) + (steps[k] as number)) % (2 * Math.PI);
      }
      out[i] = Math.round(v * this.amplitude);
    }
    return out;
  }

  private isOn(ms: number): boolean {
    if (this.period === 0) return true;
    let t = ms % this.period;
    for (let i = 0; i < this.spec.cadenceMs.length; i++) {
      const d = this.spec.cadenceMs[i] as number;
      if (t < d) return i % 2 === 0;
      t -= d;
    }
    return false;
  }
}
