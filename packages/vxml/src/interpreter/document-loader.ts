import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import type { TraceSink } from '../channel/trace.ts';
import type { Fetcher, FetchRequest } from '../fetch/fetcher-port.ts';
import { bodyText } from '../fetch/fetcher-port.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import type { VxmlDocument } from '../parser/vxml-model.ts';
import { VxmlEvent } from './signals.ts';

/** Fetches and parses documents; GET results are cached per session (they are immutable trees). */
export class DocumentLoader {
  private readonly fetcher: Fetcher;
  private readonly trace: TraceSink;
  private readonly cache = new Map<string, VxmlDocument>();

  constructor(fetcher: Fetcher, trace: TraceSink) {
    this.fetcher = fetcher;
    this.trace = trace;
  }

  /** Seeds the cache with the first document (given as text by the caller, not fetched). */
  prime(uri: string, doc: VxmlDocument): void {
    this.cache.set(uri, doc);
  }

  async load(req: Omit<FetchRequest, 'kind'>): Promise<VxmlDocument> {
    const key = stripFragment(req.url);
    const cached = req.method === 'get' && !req.fields ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const body = await this.fetchText({ ...req, url: key, kind: 'document' });
    const parsed = parseVxml(body);
    if (!parsed.ok) {
      throw new VxmlEvent('error.badfetch', `${key}: ${parsed.error.message}`);
    }
    if (req.method === 'get' && !req.fields) this.cache.set(key, parsed.value);
    return parsed.value;
  }

  /** Any fetch, traced, with failures mapped to error.badfetch (VoiceXML 2.0 §5.2.6). */
  async fetchText(req: FetchRequest): Promise<string> {
    const r = await this.fetchRaw(req);
    if (!r.ok) throw new VxmlEvent(badfetchName(r.error), r.error.message);
    return r.value;
  }

  async fetchRaw(req: FetchRequest): Promise<Result<string, AppError>> {
    const r = await this.fetcher.fetch(req);
    const base = { url: req.url, method: req.method, kind: req.kind, ...(req.fields ? { fields: req.fields } : {}) };
    if (!r.ok) {
      this.trace.add('fetch', {
        ...base,
        result: 'error',
        code: r.error.code,
        ...(r.error.details?.status ? { status: r.error.details.status } : {}),
      });
      return err(r.error);
    }
    this.trace.add('fetch', { ...base, result: 'ok', status: r.value.status });
    return ok(bodyText(r.value));
  }
}

/** error.badfetch.http.<status> when there is a status (VoiceXML 2.1 §5.2.6 naming). */
export function badfetchName(e: AppError): string {
  const status = e.details?.status;
  return typeof status === 'number' ? `error.badfetch.http.${status}` : 'error.badfetch';
}

export function stripFragment(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

/** Resolves a reference against the document URI; `undefined` if it is not a valid URI. */
export function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}
