import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711.ts';
import { G722Decoder } from './g722-decoder.ts';
import { G722Encoder } from './g722-encoder.ts';

/**
 * One direction-pair of a codec for one stream. G.711 is stateless; G.722 keeps ADPCM state, so every
 * leg gets its own instance from `createCodec`.
 */
export interface AudioCodec {
  readonly name: CodecName;
  /** Static RTP payload type (RFC 3551). */
  readonly payloadType: number;
  /** PCM rate on the bus side. */
  readonly sampleRate: 8000 | 16000;
  /** RTP timestamp rate (8000 even for G.722, RFC 3551 §4.5.2). */
  readonly rtpClockRate: number;
  encode(pcm: Int16Array): Uint8Array;
  decode(payload: Uint8Array): Int16Array;
}

export type CodecName = 'PCMU' | 'PCMA' | 'G722';
export const CODEC_NAMES: readonly CodecName[] = ['PCMU', 'PCMA', 'G722'];

export function isCodecName(name: string): name is CodecName {
  return (CODEC_NAMES as readonly string[]).includes(name.toUpperCase());
}

export function createCodec(name: CodecName): AudioCodec {
  switch (name) {
    case 'PCMU':
      return {
        name,
        payloadType: 0,
        sampleRate: 8000,
        rtpClockRate: 8000,
        encode: (p) => encodeMuLaw(p),
        decode: (b) => decodeMuLaw(b),
      };
    case 'PCMA':
      return {
        name,
        payloadType: 8,
        sampleRate: 8000,
        rtpClockRate: 8000,
        encode: (p) => encodeALaw(p),
        decode: (b) => decodeALaw(b),
      };
    case 'G722': {
      const enc = new G722Encoder();
      const dec = new G722Decoder();
      return {
        name,
        payloadType: 9,
        sampleRate: 16000,
        rtpClockRate: 8000,
        encode: (p) => enc.encode(p),
        decode: (b) => dec.decode(b),
      };
    }
  }
}

/** Samples per packet of `ptime` ms on the PCM side. */
export function samplesPerFrame(codec: Pick<AudioCodec, 'sampleRate'>, ptimeMs: number): number {
  return (codec.sampleRate * ptimeMs) / 1000;
}
