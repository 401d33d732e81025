import { G722Band, sat16 } from './g722-band.ts';
import { QM2, QM4, QM6, QMF, RH2, RL42, WH, WL } from './g722-tables.ts';

/** ITU-T G.722 SB-ADPCM decoder, 64 kbit/s: each byte yields two 16 kHz samples. */
export class G722Decoder {
  private readonly low = new G722Band('lower');
  private readonly high = new G722Band('higher');
  /** Receive QMF delay line, newest first. */
  private readonly x = new Int32Array(24);

  decode(bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length * 2)): Int16Array {
    const x = this.x;
    for (let k = 0; k < bytes.length; k++) {
      const code = bytes[k] as number;
      const rl = this.decodeLower(code & 0x3f);
      const rh = this.decodeHigher(code >> 6);
      // Receive QMF (G.722 §4.4): interleave the sum and difference through the same 24 taps.
      x.copyWithin(2, 0, 22);
      x[1] = rl + rh;
      x[0] = rl - rh;
      let xout1 = 0;
      let xout2 = 0;
      for (let i = 0; i < 24; i += 2) {
        xout1 += (x[i] as number) * (QMF[i] as number);
        xout2 += (x[i + 1] as number) * (QMF[i + 1] as number);
      }
      out[2 * k] = sat16(xout1 >> 11);
      out[2 * k + 1] = sat16(xout2 >> 11);
    }
    return out;
  }

  private decodeLower(il: number): number {
    const band = this.low;
    // INVQBL: the full 6-bit code for the output, then LIMIT to the 15-bit range (block 6L).
    const dl = (band.det * (QM6[il] as number)) >> 15;
    let rl = band.s + dl;
    rl = rl > 16383 ? 16383 : rl < -16384 ? -16384 : rl;
    const ril = il >> 2;
    const dlt = (band.det * (QM4[ril] as number)) >> 15;
    band.adaptScale(WL[RL42[ril] as number] as number);
    band.update(dlt);
    return rl;
  }

  private decodeHigher(ih: number): number {
    const band = this.high;
    const dh = (band.det * (QM2[ih] as number)) >> 15;
    let rh = band.s + dh;
    rh = rh > 16383 ? 16383 : rh < -16384 ? -16384 : rh;
    band.adaptScale(WH[RH2[ih] as number] as number);
    band.update(dh);
    return rh;
  }
}
