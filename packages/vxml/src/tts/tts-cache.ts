import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError, Result } from '@rexian/kernel';
import { ok } from '@rexian/kernel';
import type { TtsProvider, TtsRequest } from './tts-provider.ts';

export interface CachedAudio {
  /** File holding the 8 kHz WAV. */
  path: string;
  hit: boolean;
}

/**
 * Caches synthesized prompts in a directory, keyed by a hash of engine id, voice and text, so a
 * prompt is synthesized once per deployment. Writes are atomic (temp file + rename) and concurrent
 * requests for the same text share one synthesis.
 */
export class TtsCache {
  private readonly provider: TtsProvider;
  private readonly dir: string;
  private readonly inFlight = new Map<string, Promise<Result<CachedAudio, AppError>>>();

  constructor(provider: TtsProvider, dir: string) {
    this.provider = provider;
    this.dir = dir;
  }

  key(req: TtsRequest): string {
    return createHash('sha256')
      .update(`${this.provider.id}\u0000${req.voice ?? ''}\u0000${req.text}`)
      .digest('hex');
  }

  async get(req: TtsRequest): Promise<Result<CachedAudio, AppError>> {
    const key = this.key(req);
    const path = join(this.dir, `${key}.wav`);
    try {
      await readFile(path, { flag: 'r' }).then((b) => b.length);
      return ok({ path, hit: true });
    } catch {
      // not cached yet
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const p = this.fill(req, path).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async fill(req: TtsRequest, path: string): Promise<Result<CachedAudio, AppError>> {
    const audio = await this.provider.synthesize(req);
    if (!audio.ok) return audio;
    await mkdir(this.dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, audio.value);
    await rename(tmp, path);
    return ok({ path, hit: false });
  }
}
