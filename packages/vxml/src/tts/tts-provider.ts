import type { AppError, Result } from '@rexian/kernel';

/** What every TTS engine must produce: telephone audio, 8 kHz, 16-bit signed, mono, WAV container. */
export const telephoneFormat = { sampleRate: 8000, bits: 16, channels: 1 } as const;

export interface TtsRequest {
  text: string;
  /** Engine-specific voice; each provider has a Mandarin default. */
  voice?: string;
}

/**
 * The TTS port. espeak-ng (Debian) is the built-in engine; a commercial HTTP engine implements the
 * same interface (see http-tts.ts). Providers return WAV bytes in `telephoneFormat`.
 */
export interface TtsProvider {
  /** Stable id, part of the cache key (changing engine or version must not reuse old audio). */
  readonly id: string;
  synthesize(req: TtsRequest): Promise<Result<Uint8Array, AppError>>;
}

/** Reads the format fields of a PCM WAV header; undefined when the bytes are not a RIFF/WAVE file. */
export function wavInfo(
  bytes: Uint8Array,
): { sampleRate: number; bits: number; channels: number; dataBytes: number } | undefined {
  if (bytes.length < 44) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o] ?? 0, bytes[o + 1] ?? 0, bytes[o + 2] ?? 0, bytes[o + 3] ?? 0);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let off = 12;
  let fmt: { sampleRate: number; bits: number; channels: number } | undefined;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    if (id === 'fmt ' && off + 24 <= bytes.length) {
      fmt = { channels: v.getUint16(off + 10, true), sampleRate: v.getUint32(off + 12, true), bits: v.getUint16(off + 22, true) };
    }
    if (id === 'data' && fmt) return { ...fmt, dataBytes: Math.min(size, bytes.length - off - 8) };
    off += 8 + size + (size % 2);
  }
  return undefined;
}
