import { encodeALaw, encodeMuLaw } from '../codecs/g711.ts';

export type WavWriteEncoding = 'pcm16' | 'ulaw' | 'alaw';

export interface WavHeaderOptions {
  sampleRate: number;
  channels: 1 | 2;
  encoding: WavWriteEncoding;
  /** Bytes of sample data that follow. */
  dataBytes: number;
}

const FORMAT = { pcm16: 1, alaw: 6, ulaw: 7 } as const;

/**
 * The RIFF header for `dataBytes` of samples. G.711 WAVs carry the `fact` chunk that non-PCM formats
 * require (RIFF spec, Microsoft 1991) and an 18-byte fmt chunk with cbSize = 0.
 */
export function wavHeader(o: WavHeaderOptions): Uint8Array {
  const pcm = o.encoding === 'pcm16';
  const bytesPerSample = pcm ? 2 : 1;
  const fmtSize = pcm ? 16 : 18;
  const factSize = pcm ? 0 : 12;
  const headerSize = 12 + 8 + fmtSize + factSize + 8;
  const out = new Uint8Array(headerSize);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  tag(0, 'RIFF');
  v.setUint32(4, Math.min(0xffffffff, headerSize - 8 + o.dataBytes + (o.dataBytes & 1)), true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, FORMAT[o.encoding], true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.sampleRate, true);
  v.setUint32(28, o.sampleRate * o.channels * bytesPerSample, true);
  v.setUint16(32, o.channels * bytesPerSample, true);
  v.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (!pcm) {
    v.setUint16(at, 0, true);
    at += 2;
    tag(at, 'fact');
    v.setUint32(at + 4, 4, true);
    v.setUint32(at + 8, Math.floor(o.dataBytes / (o.channels * bytesPerSample)), true);
    at += 12;
  }
  tag(at, 'data');
  v.setUint32(at + 4, Math.min(0xffffffff, o.dataBytes), true);
  return out;
}

/** Interleave channels and encode their samples (the data chunk body). */
export function wavData(channels: Int16Array[], encoding: WavWriteEncoding): Uint8Array {
  const n = channels[0]?.length ?? 0;
  const interleaved = new Int16Array(n * channels.length);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels.length; c++) interleaved[i * channels.length + c] = (channels[c] as Int16Array)[i] ?? 0;
  if (encoding === 'ulaw') return encodeMuLaw(interleaved);
  if (encoding === 'alaw') return encodeALaw(interleaved);
  const out = new Uint8Array(interleaved.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < interleaved.length; i++) v.setInt16(i * 2, interleaved[i] as number, true);
  return out;
}

/** A whole WAV file in memory. */
export function writeWav(o: { sampleRate: number; channels: Int16Array[]; encoding: WavWriteEncoding }): Uint8Array {
  const data = wavData(o.channels, o.encoding);
  const header = wavHeader({
    sampleRate: o.sampleRate,
    channels: o.channels.length === 2 ? 2 : 1,
    encoding: o.encoding,
    dataBytes: data.length,
  });
  const out = new Uint8Array(header.length + data.length + (data.length & 1));
  out.set(header);
  out.set(data, header.length);
  return out;
}
