import { ILB } from './g722-tables.ts';

/** 16-bit saturation used throughout G.722's fixed-point arithmetic. */
export function sat16(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

/**
 * The adaptive state of one sub-band (lower or higher): the pole-zero predictor of G.722 blocks 4L/4H
 * and the log scale factor of blocks 3L/3H. Encoder and decoder run identical copies so they track.
 */
export class G722Band {
  /** Predicted signal estimate (PREDIC output) for the next sample. */
  s = 0;
  private sp = 0;
  private sz = 0;
  // The histories below are not private only because `update` destructures them (the linter cannot
  // see private use through destructuring); G722Band is internal to the codec and not exported.
  /** Reconstructed signal r(n-k), partial reconstructed p(n-k), k = 0…2. */
  readonly r = [0, 0, 0];
  readonly p = [0, 0, 0];
  /** Pole coefficients a1, a2 (index 0 unused). */
  readonly a = [0, 0, 0];
  /** Quantized differences, newest first (d[0] is the latest), and zero coefficients b1…b6. */
  readonly d = [0, 0, 0, 0, 0, 0, 0];
  readonly b = [0, 0, 0, 0, 0, 0, 0];
  /** Log scale factor (NBL/NBH) and the linear scale factor (DETL/DETH). */
  nb = 0;
  det: number;
  private readonly nbMax: number;
  private readonly scaleShift: number;

  constructor(kind: 'lower' | 'higher') {
    // G.722 §6.2.1: DETL starts at 32 and DETH at 8; NBL limit 18432, NBH limit 22528.
    this.det = kind === 'lower' ? 32 : 8;
    this.nbMax = kind === 'lower' ? 18432 : 22528;
    this.scaleShift = kind === 'lower' ? 8 : 10;
  }

  /** LOGSCL/LOGSCH then SCALEL/SCALEH: adapt the scale factor with the code's magnitude class weight. */
  adaptScale(weight: number): void {
    let nb = ((this.nb * 127) >> 7) + weight;
    if (nb < 0) nb = 0;
    else if (nb > this.nbMax) nb = this.nbMax;
    this.nb = nb;
    const fraction = (nb >> 6) & 31;
    const shift = this.scaleShift - (nb >> 11);
    const base = ILB[fraction] as number;
    this.det = (shift < 0 ? base << -shift : base >> shift) << 2;
  }

  /** Block 4: reconstruct, update the predictor coefficients, and predict the next sample. */
  update(dq: number): void {
    const { r, p, a, d, b } = this;
    const r0 = sat16(this.s + dq);
    const p0 = sat16(this.sz + dq);
    // UPPOL2: second pole coefficient, sign-sign gradient with leakage, |a2| <= 0.75.
    const sg0 = p0 >> 15;
    const sg1 = (p[0] as number) >> 15;
    const sg2 = (p[1] as number) >> 15;
    let wd1 = sat16((a[1] as number) * 4);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    let a2 = (sg0 === sg2 ? 128 : -128) + (wd2 >> 7) + (((a[2] as number) * 32512) >> 15);
    a2 = a2 > 12288 ? 12288 : a2 < -12288 ? -12288 : a2;
    // UPPOL1: first pole coefficient, limited so that the pole pair stays stable.
    let a1 = sat16((sg0 === sg1 ? 192 : -192) + (((a[1] as number) * 32640) >> 15));
    const lim = sat16(15360 - a2);
    if (a1 > lim) a1 = lim;
    else if (a1 < -lim) a1 = -lim;
    // UPZERO: sixth-order zero section, sign-sign with leakage.
    wd1 = dq === 0 ? 0 : 128;
    const sgd = dq >> 15;
    for (let i = 6; i >= 1; i--) {
      const sgi = (d[i - 1] as number) >> 15;
      wd2 = sgi === sgd ? wd1 : -wd1;
      b[i] = sat16(wd2 + (((b[i] as number) * 32640) >> 15));
    }
    // DELAYA: shift the histories.
    for (let i = 6; i >= 1; i--) d[i] = d[i - 1] as number;
    d[0] = dq;
    p[2] = p[1] as number;
    p[1] = p[0] as number;
    p[0] = p0;
    r[2] = r[1] as number;
    r[1] = r0;
    a[1] = a1;
    a[2] = a2;
    // FILTEP and FILTEZ: pole and zero predictor outputs; PREDIC sums them.
    const pole1 = ((a[1] as number) * sat16(r0 + r0)) >> 15;
    const pole2 = ((a[2] as number) * sat16((r[2] as number) + (r[2] as number))) >> 15;
    this.sp = sat16(pole1 + pole2);
    let sz = 0;
    for (let i = 1; i <= 6; i++) sz += ((b[i] as number) * sat16((d[i - 1] as number) + (d[i - 1] as number))) >> 15;
    this.sz = sat16(sz);
    this.s = sat16(this.sp + this.sz);
  }
}
