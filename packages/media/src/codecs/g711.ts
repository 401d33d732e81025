/**
 * ITU-T G.711 μ-law and A-law, table driven: the segment arithmetic below runs once at module load
 * to fill a 64 Ki-entry encode table and a 256-entry decode table per law; the hot path is then one
 * array lookup per sample.
 */

function muLawEncodeSample(linear: number): number {
  // G.711 μ-law works on 14-bit magnitudes: bias 0x84 then find the segment (the exponent).
  const BIAS = 0x84;
  const CLIP = 32635;
  let x = linear;
  const sign = x < 0 ? 0x80 : 0;
  if (x < 0) x = -x;
  if (x > CLIP) x = CLIP;
  x += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (x & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (x >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function muLawDecodeSample(code: number): number {
  const c = ~code & 0xff;
  const exponent = (c >> 4) & 0x07;
  const magnitude = ((((c & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return c & 0x80 ? -magnitude : magnitude;
}

function aLawEncodeSample(linear: number): number {
  // G.711 A-law works on 13-bit magnitudes; even bits are inverted on the line (the 0x55 mask).
  let x = linear >> 3;
  let mask: number;
  if (x >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    x = -x - 1;
  }
  if (x > 0xfff) return 0x7f ^ mask;
  let segment = 0;
  while (segment < 7 && x > (0x20 << segment) - 1) segment++;
  const mantissa = segment < 2 ? (x >> 1) & 0x0f : (x >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function aLawDecodeSample(code: number): number {
  const c = code ^ 0x55;
  const segment = (c & 0x70) >> 4;
  let magnitude = ((c & 0x0f) << 4) + 8;
  if (segment >= 1) magnitude += 0x100;
  if (segment > 1) magnitude <<= segment - 1;
  return c & 0x80 ? magnitude : -magnitude;
}

function buildEncodeTable(f: (x: number) => number): Uint8Array {
  const t = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = f((i << 16) >> 16);
  return t;
}

function buildDecodeTable(f: (c: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let c = 0; c < 256; c++) t[c] = f(c);
  return t;
}

const MULAW_ENCODE = buildEncodeTable(muLawEncodeSample);
const ALAW_ENCODE = buildEncodeTable(aLawEncodeSample);
export const MULAW_DECODE: Readonly<Int16Array> = buildDecodeTable(muLawDecodeSample);
export const ALAW_DECODE: Readonly<Int16Array> = buildDecodeTable(aLawDecodeSample);

function encodeWith(table: Uint8Array, pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  for (let i = 0; i < pcm.length; i++) out[i] = table[(pcm[i] as number) & 0xffff] as number;
  return out;
}

function decodeWith(table: Readonly<Int16Array>, bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

export const encodeMuLaw = (pcm: Int16Array, out?: Uint8Array): Uint8Array => encodeWith(MULAW_ENCODE, pcm, out);
export const decodeMuLaw = (bytes: Uint8Array, out?: Int16Array): Int16Array => decodeWith(MULAW_DECODE, bytes, out);
export const encodeALaw = (pcm: Int16Array, out?: Uint8Array): Uint8Array => encodeWith(ALAW_ENCODE, pcm, out);
export const decodeALaw = (bytes: Uint8Array, out?: Int16Array): Int16Array => decodeWith(ALAW_DECODE, bytes, out);

/** The silence code of each law, used to fill comfort gaps without encoding zeros. */
export const MULAW_SILENCE = 0xff;
export const ALAW_SILENCE = 0xd5;
