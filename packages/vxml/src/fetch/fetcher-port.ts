import type { AppError, Clock, Result } from '@rexian/kernel';
import { err } from '@rexian/kernel';
import { fetchError, VxmlErrorCode } from '../errors.ts';

export type FetchKind = 'document' | 'data' | 'audio' | 'script' | 'grammar';

export interface FetchRequest {
  url: string;
  method: 'get' | 'post';
  kind: FetchKind;
  /** Form fields (namelist); sent as the query for GET, url-encoded body for POST. */
  fields?: Record<string, string>;
  timeoutMs: number;
}

export interface FetchResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** The fetch port (submit, data, audio src, subdialog/goto documents, script src). */
export interface Fetcher {
  fetch(req: FetchRequest): Promise<Result<FetchResponse, AppError>>;
}

/**
 * Enforces the time-out with the session Clock whatever the adapter does, so a hung server turns
 * into error.badfetch at the right virtual time in tests and at the right real time on calls.
 */
export function withTimeout(fetcher: Fetcher, clock: Clock): Fetcher {
  return {
    fetch(req) {
      return new Promise((resolve) => {
        let settled = false;
        const timer = clock.setTimeout(() => {
          if (settled) return;
          settled = true;
          resolve(
            err(
              fetchError(VxmlErrorCode.FetchTimeout, `fetch of ${req.url} timed out after ${req.timeoutMs} ms`, { url: req.url }),
            ),
          );
        }, req.timeoutMs);
        fetcher.fetch(req).then(
          (r) => {
            if (settled) return;
            settled = true;
            clock.clearTimeout(timer);
            resolve(r);
          },
          (e: unknown) => {
            if (settled) return;
            settled = true;
            clock.clearTimeout(timer);
            resolve(err(fetchError(VxmlErrorCode.FetchFailed, `fetch of ${req.url} failed: ${String(e)}`, { url: req.url })));
          },
        );
      });
    },
  };
}

export function encodeFields(fields: Record<string, string> | undefined): string {
  return new URLSearchParams(fields ?? {}).toString();
}

export function bodyText(r: FetchResponse): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(r.body);
}
