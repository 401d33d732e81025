import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppError, Result } from '@rexian/kernel';
import { err, errors, ok } from '@rexian/kernel';
import { VxmlErrorCode } from '../errors.ts';
import { telephoneFormat, wavInfo } from '../tts/tts-provider.ts';

export type UploadKind = 'wav' | 'mp3';

/** Recognises an upload by its bytes, not its name: RIFF/WAVE, or MP3 (ID3 tag or an MPEG frame sync). */
export function sniffUpload(bytes: Uint8Array): UploadKind | undefined {
  const s = (o: number, n: number) => String.fromCharCode(...bytes.subarray(o, o + n));
  if (bytes.length >= 12 && s(0, 4) === 'RIFF' && s(8, 4) === 'WAVE') return 'wav';
  if (bytes.length >= 3 && s(0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return undefined;
}

export interface ConvertedVoice {
  bytes: Uint8Array;
  durationMs: number;
}

/**
 * Converts an uploaded voice file (§4.6.5) once to the engine's format: 8 kHz 16-bit mono WAV. WAV goes
 * through sox; MP3 through ffmpeg (Debian's sox has no MP3 decoder without libsox-fmt-mp3).
 */
export async function convertVoiceFile(
  bytes: Uint8Array,
  maxBytes = 20 * 1024 * 1024,
): Promise<Result<ConvertedVoice, AppError>> {
  if (bytes.length > maxBytes) return err(errors.invalid(VxmlErrorCode.Invalid, `voice file larger than ${maxBytes} bytes`));
  const kind = sniffUpload(bytes);
  if (!kind) return err(errors.invalid(VxmlErrorCode.Invalid, 'voice file must be WAV or MP3'));
  const dir = await mkdtemp(join(tmpdir(), 'rexian-voice-'));
  try {
    const input = join(dir, `in.${kind}`);
    const output = join(dir, 'out.wav');
    await writeFile(input, bytes);
    const { sampleRate, channels } = telephoneFormat;
    if (kind === 'wav')
      await run('sox', [input, '-r', String(sampleRate), '-c', String(channels), '-b', '16', '-e', 'signed-integer', output]);
    else
      await run('ffmpeg', [
        '-nostdin',
        '-loglevel',
        'error',
        '-i',
        input,
        '-ar',
        String(sampleRate),
        '-ac',
        String(channels),
        '-sample_fmt',
        's16',
        '-f',
        'wav',
        output,
      ]);
    const out = new Uint8Array(await readFile(output));
    const info = wavInfo(out);
    if (!info) return err(errors.invalid(VxmlErrorCode.Invalid, 'conversion produced no WAV'));
    return ok({ bytes: out, durationMs: Math.round((info.dataBytes / 2 / sampleRate) * 1000) });
  } catch (e) {
    return err(errors.invalid(VxmlErrorCode.Invalid, `cannot convert voice file: ${e instanceof Error ? e.message : String(e)}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: 60_000, maxBuffer: 1024 * 1024 }, (e, _o, stderr) =>
      e ? reject(new Error(`${cmd}: ${String(stderr).slice(0, 200) || e.message}`)) : resolve(),
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end();
  });
}
