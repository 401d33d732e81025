import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { resample } from '../codecs/resampler.ts';
import { MediaErrorCode, mediaError } from '../errors.ts';
import { decodeMp3 } from './mp3.ts';
import { type DecodedAudio, readWav, toMono } from './wav-reader.ts';

export interface Prompt {
  sampleRate: 8000 | 16000;
  samples: Int16Array;
}

export const PROMPT_RATES: readonly number[] = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000];

function looksLikeMp3(b: Uint8Array): boolean {
  const id3 = b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33;
  const sync = b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0;
  return id3 || sync;
}

/**
 * Turn an uploaded prompt (WAV in any supported encoding, or MP3) into mono PCM at a bus rate. This is
 * the only place prompts are decoded or resampled: the player then just copies samples.
 */
export async function loadPrompt(bytes: Uint8Array, busRate: 8000 | 16000): Promise<Result<Prompt, AppError>> {
  let decoded: Result<DecodedAudio, AppError>;
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF') decoded = readWav(bytes);
  else if (looksLikeMp3(bytes)) decoded = await decodeMp3(bytes);
  else return err(mediaError(MediaErrorCode.WavUnsupported, 'prompt is neither WAV nor MP3'));
  if (!decoded.ok) return decoded;
  // Rates with a small ratio to the bus rate only: an odd rate would need a huge polyphase filter.
  if (!PROMPT_RATES.includes(decoded.value.sampleRate)) {
    return err(
      mediaError(MediaErrorCode.UnsupportedRate, `prompt sample rate ${decoded.value.sampleRate} Hz is not supported`, {
        supported: PROMPT_RATES,
      }),
    );
  }
  const mono = toMono(decoded.value.channels);
  return ok({ sampleRate: busRate, samples: resample(mono, decoded.value.sampleRate, busRate) });
}
