import type { AppError, Result } from '@rexian/kernel';
import { AppError as AppErrorClass, err, ok } from '@rexian/kernel';
import { VxmlErrorCode } from '../errors.ts';
import type { TtsProvider, TtsRequest } from './tts-provider.ts';
import { telephoneFormat, wavInfo } from './tts-provider.ts';

export interface HttpTtsOptions {
  id: string;
  /** Endpoint that takes JSON `{ text, voice, sampleRate, format: "wav" }` and answers audio/wav. */
  url: string;
  headers?: Record<string, string>;
  defaultVoice: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/**
 * A commercial cloud TTS behind a small HTTP adapter (most vendors' REST APIs reduce to this shape;
 * a vendor-specific request body belongs in a thin wrapper around this). The answer must already be
 * telephone WAV; anything else is refused rather than silently played at the wrong rate.
 */
export function createHttpTts(opts: HttpTtsOptions): TtsProvider {
  const doFetch = opts.fetchImpl ?? fetch;
  return {
    id: `http:${opts.id}`,
    async synthesize(req: TtsRequest): Promise<Result<Uint8Array, AppError>> {
      try {
        const res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...opts.headers },
          body: JSON.stringify({
            text: req.text,
            voice: req.voice ?? opts.defaultVoice,
            sampleRate: telephoneFormat.sampleRate,
            format: 'wav',
          }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        if (!res.ok) return err(fail(`HTTP ${res.status}`));
        const bytes = new Uint8Array(await res.arrayBuffer());
        const info = wavInfo(bytes);
        if (!info || info.sampleRate !== telephoneFormat.sampleRate || info.channels !== 1 || info.bits !== 16) {
          return err(fail('answer is not 8 kHz 16-bit mono WAV'));
        }
        return ok(bytes);
      } catch (e) {
        return err(fail(e instanceof Error ? e.message : String(e)));
      }
    },
  };
}

function fail(message: string): AppError {
  return new AppErrorClass(VxmlErrorCode.TtsFailed, `TTS: ${message}`, { kind: 'operational', category: 'unavailable' });
}
