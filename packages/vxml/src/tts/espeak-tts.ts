import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppError, Result } from '@rexian/kernel';
import { AppError as AppErrorClass, err, ok } from '@rexian/kernel';
import { VxmlErrorCode } from '../errors.ts';
import type { TtsProvider, TtsRequest } from './tts-provider.ts';
import { telephoneFormat } from './tts-provider.ts';

export interface EspeakOptions {
  /** Default `cmn-latn-pinyin`: reads Hanzi, and pinyin with tone numbers as Mandarin (plain `cmn` reads them as English). */
  voice?: string;
  /** Words per minute (espeak-ng -s). */
  speed?: number;
  espeakPath?: string;
  soxPath?: string;
  timeoutMs?: number;
  maxChars?: number;
}

/**
 * espeak-ng (Debian package espeak-ng) piped through sox (Debian package sox) to 8 kHz 16-bit mono.
 * Text goes in on stdin, never as an argument, so it cannot be read as an option.
 */
export function createEspeakTts(opts: EspeakOptions = {}): TtsProvider {
  const voice = opts.voice ?? 'cmn-latn-pinyin';
  const timeout = opts.timeoutMs ?? 15_000;
  const maxChars = opts.maxChars ?? 2000;
  return {
    id: `espeak-ng:${voice}:${opts.speed ?? 150}`,
    async synthesize(req: TtsRequest): Promise<Result<Uint8Array, AppError>> {
      if (req.text.length === 0 || req.text.length > maxChars) return err(ttsError(`text must be 1–${maxChars} characters`));
      const dir = await mkdtemp(join(tmpdir(), 'rexian-tts-'));
      try {
        const raw = join(dir, 'raw.wav');
        const out = join(dir, 'out.wav');
        await run(
          opts.espeakPath ?? 'espeak-ng',
          ['-v', req.voice ?? voice, '-s', String(opts.speed ?? 150), '-w', raw, '--stdin'],
          timeout,
          req.text,
        );
        // gain -n -1: normalise to -1 dBFS so resampling never clips.
        await run(
          opts.soxPath ?? 'sox',
          [raw, '-r', String(telephoneFormat.sampleRate), '-c', '1', '-b', '16', '-e', 'signed-integer', out, 'gain', '-n', '-1'],
          timeout,
        );
        return ok(new Uint8Array(await readFile(out)));
      } catch (e) {
        return err(ttsError(`espeak-ng/sox failed: ${e instanceof Error ? e.message : String(e)}`));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

function run(cmd: string, args: string[], timeout: number, stdin?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout, maxBuffer: 1024 * 1024 }, (e, _out, stderr) => {
      if (e) reject(new Error(`${cmd}: ${e.message} ${String(stderr).slice(0, 200)}`));
      else resolve();
    });
    // A tool that never reads stdin (sox) closes it early; that EPIPE is not our failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(stdin ?? '');
  });
}

function ttsError(message: string): AppError {
  return new AppErrorClass(VxmlErrorCode.TtsFailed, message, { kind: 'operational', category: 'unavailable' });
}
