import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import { fetchError, VxmlErrorCode } from '../errors.ts';
import type { Fetcher, FetchRequest, FetchResponse } from './fetcher-port.ts';
import { encodeFields } from './fetcher-port.ts';

export interface HttpFetcherOptions {
  /** Hosts (hostname or hostname:port) a document may reach; anything else is refused. */
  allowHosts: readonly string[];
  maxBytes?: number;
  /** Injected for tests; defaults to the platform fetch. */
  fetchImpl?: typeof fetch;
}

/**
 * Real HTTP(S) for submit, data and audio, limited to an allowlist of hosts (an IVR document must not
 * become a way to probe the internal network) and to a response size. Redirects are followed only
 * to allowed hosts. The time-out is enforced by `withTimeout` on the session Clock and also here by
 * an AbortSignal so the socket is released.
 */
export function createHttpFetcher(opts: HttpFetcherOptions): Fetcher {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const doFetch = opts.fetchImpl ?? fetch;
  const allowed = (u: URL) => opts.allowHosts.includes(u.host) || opts.allowHosts.includes(u.hostname);
  return {
    async fetch(req: FetchRequest): Promise<Result<FetchResponse, AppError>> {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        return err(fetchError(VxmlErrorCode.FetchFailed, `bad URL ${req.url}`, { url: req.url }));
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return err(fetchError(VxmlErrorCode.FetchDenied, `scheme ${url.protocol} is not allowed`, { url: req.url }));
      }
      if (!allowed(url))
        return err(fetchError(VxmlErrorCode.FetchDenied, `host ${url.host} is not in the allowlist`, { url: req.url }));
      const body = encodeFields(req.fields);
      if (req.method === 'get' && body) url.search = url.search ? `${url.search}&${body}` : body;
      const signal = AbortSignal.timeout(req.timeoutMs);
      try {
        let res = await doFetch(url, {
          method: req.method.toUpperCase(),
          redirect: 'manual',
          signal,
          ...(req.method === 'post' ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
        });
        for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 5; hops++) {
          const loc = res.headers.get('location');
          if (!loc) break;
          const next = new URL(loc, url);
          if (!allowed(next))
            return err(fetchError(VxmlErrorCode.FetchDenied, `redirect to ${next.host} refused`, { url: req.url }));
          url = next;
          res = await doFetch(url, { redirect: 'manual', signal });
        }
        if (res.status < 200 || res.status >= 300) {
          return err(
            fetchError(VxmlErrorCode.FetchFailed, `HTTP ${res.status} from ${url.href}`, { url: req.url, status: res.status }),
          );
        }
        const bytes = await readLimited(res, maxBytes);
        if (!bytes)
          return err(fetchError(VxmlErrorCode.FetchTooLarge, `response larger than ${maxBytes} bytes`, { url: req.url }));
        return ok({ status: res.status, contentType: res.headers.get('content-type') ?? '', body: bytes });
      } catch (e) {
        const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
        return err(
          fetchError(timeout ? VxmlErrorCode.FetchTimeout : VxmlErrorCode.FetchFailed, `fetch ${url.href}: ${String(e)}`, {
            url: req.url,
          }),
        );
      }
    },
  };
}

async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return undefined;
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
