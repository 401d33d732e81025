import { G722Band, sat16 } from './g722-band.ts';
import { IHN, IHP, ILN, ILP, Q6, QM2, QM4, QMF, RH2, RL42, WH, WL } from './g722-tables.ts';

/**
 * ITU-T G.722 SB-ADPCM encoder, 64 kbit/s (mode 1): 16 kHz 16-bit PCM in, one byte per input pair out
 * (6 lower-band bits, 2 higher-band bits). Stateful: one instance per direction of one call.
 */
export class G722Encoder {
  private readonly low = new G722Band('lower');
  private readonly high = new G722Band('higher');
  /** Transmit QMF delay line, newest sample first. */
  private readonly x = new Int32Array(24);

  /** Encode `pcm` (even length, 16 kHz); an odd trailing sample is ignored. */
  encode(pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length >> 1)): Uint8Array {
    const x = this.x;
    for (let j = 0, k = 0; j + 1 < pcm.length; j += 2, k++) {
      x.copyWithin(2, 0, 22);
      x[1] = pcm[j] as number;
      x[0] = pcm[j + 1] as number;
      // Transmit QMF (G.722 §3.1): even taps and odd taps, then sum and difference split the bands.
      let xa = 0;
      let xb = 0;
      for (let i = 0; i < 24; i += 2) {
        xa += (x[i] as number) * (QMF[i] as number);
        xb += (x[i + 1] as number) * (QMF[i + 1] as number);
      }
      const il = this.encodeLower((xa + xb) >> 14);
      const ih = this.encodeHigher((xa - xb) >> 14);
      out[k] = (ih << 6) | il;
    }
    return out;
  }

  private encodeLower(xl: number): number {
    const band = this.low;
    const el = sat16(xl - band.s);
    // QUANTL: compare |el| with the decision levels scaled by the current step size.
    const wd = el >= 0 ? el : -(el + 1);
    let i = 1;
    while (i < 30 && wd >= ((Q6[i] as number) * band.det) >> 12) i++;
    const il = (el < 0 ? ILN[i] : ILP[i]) as number;
    // INVQAL uses only the 4 most significant bits so the predictor tracks at every bit rate.
    const ril = il >> 2;
    const dlt = (band.det * (QM4[ril] as number)) >> 15;
    band.adaptScale(WL[RL42[ril] as number] as number);
    band.update(dlt);
    return il;
  }

  private encodeHigher(xh: number): number {
    const band = this.high;
    const eh = sat16(xh - band.s);
    // QUANTH: one decision level at 564 · DETH / 4096.
    const wd = eh >= 0 ? eh : -(eh + 1);
    const mih = wd >= (564 * band.det) >> 12 ? 2 : 1;
    const ih = (eh < 0 ? IHN[mih] : IHP[mih]) as number;
    const dh = (band.det * (QM2[ih] as number)) >> 15;
    band.adaptScale(WH[RH2[ih] as number] as number);
    band.update(dh);
    return ih;
  }
}
