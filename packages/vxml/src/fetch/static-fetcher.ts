import { readFile, realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AppError, Clock, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { fetchError, VxmlErrorCode } from '../errors.ts';
import type { Fetcher, FetchRequest, FetchResponse } from './fetcher-port.ts';

/** A canned response; `hang` never answers (to prove time-outs), `delayMs` answers late on the Clock. */
export interface CannedResponse {
  status?: number;
  contentType?: string;
  body?: string;
  hang?: boolean;
  delayMs?: number;
}

/**
 * In-memory fetcher for tests, the CLI's --fetch option and the console's "try it" panel. Keys are
 * absolute URLs without query; every request is logged for assertions.
 */
export function createStaticFetcher(
  responses: Readonly<Record<string, CannedResponse>>,
  clock: Clock,
): Fetcher & { requests: FetchRequest[] } {
  const requests: FetchRequest[] = [];
  return {
    requests,
    fetch(req) {
      requests.push(req);
      const key = req.url.split('?')[0] ?? req.url;
      const canned = responses[key];
      if (!canned)
        return Promise.resolve(
          err(fetchError(VxmlErrorCode.FetchFailed, `HTTP 404 from ${req.url}`, { url: req.url, status: 404 })),
        );
      if (canned.hang) return new Promise(() => {});
      const answer = (): Result<FetchResponse, AppError> => {
        const status = canned.status ?? 200;
        if (status < 200 || status >= 300)
          return err(fetchError(VxmlErrorCode.FetchFailed, `HTTP ${status} from ${req.url}`, { url: req.url, status }));
        return ok({
          status,
          contentType: canned.contentType ?? guessType(key),
          body: new TextEncoder().encode(canned.body ?? ''),
        });
      };
      if (!canned.delayMs) return Promise.resolve(answer());
      return new Promise((resolve) => clock.setTimeout(() => resolve(answer()), canned.delayMs as number));
    },
  };
}

function guessType(url: string): string {
  if (url.endsWith('.vxml') || url.endsWith('.xml')) return 'application/voicexml+xml';
  if (url.endsWith('.json')) return 'application/json';
  if (url.endsWith('.wav')) return 'audio/wav';
  if (url.endsWith('.js')) return 'application/javascript';
  return 'text/plain';
}

/**
 * Serves file: URLs, but only below `rootDir` (after resolving symlinks), for the CLI. Anything else
 * goes to `fallback` (normally the allowlisted HTTP fetcher).
 */
export function createFileFetcher(rootDir: string, fallback?: Fetcher): Fetcher {
  return {
    async fetch(req) {
      if (!req.url.startsWith('file:')) {
        if (fallback) return fallback.fetch(req);
        return err(fetchError(VxmlErrorCode.FetchDenied, `only file: URLs are allowed here: ${req.url}`, { url: req.url }));
      }
      try {
        const root = await realpath(rootDir);
        const path = await realpath(fileURLToPath(req.url.split('?')[0] ?? req.url));
        if (path !== root && !path.startsWith(`${root}/`)) {
          return err(fetchError(VxmlErrorCode.FetchDenied, `${req.url} is outside ${rootDir}`, { url: req.url }));
        }
        const body = await readFile(path);
        return ok({ status: 200, contentType: guessType(path), body: new Uint8Array(body) });
      } catch (e) {
        return err(fetchError(VxmlErrorCode.FetchFailed, `cannot read ${req.url}: ${(e as Error).message}`, { url: req.url }));
      }
    },
  };
}
