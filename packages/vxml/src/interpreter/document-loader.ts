import type { AppError, Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import type { TraceSink } from '../channel/trace.ts';
import type { Fetcher, FetchRequest } from '../fetch/fetcher-port.ts';
import { bodyText } from '../fetch/fetcher-port.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import type { VxmlDocument } from '../parser/vxml-model.ts';
import { VxmlEvent } from './signals.ts';

/** A cache of parsed documents shared by sessions (the server passes one; see createDocumentCache). */
export interface DocumentCache {
  get(url: string): VxmlDocument | undefined;
  set(url: string, doc: VxmlDocument): void;
}

/**
 * Parsed documents by URL for `ttlMs`, at most `maxEntries` (least recently used go first). Parsed
 * trees are immutable, so sessions can share them; the TTL bounds how long an edited document is stale.
 */
export function createDocumentCache(opts: { maxEntries: number; ttlMs: number; now: () => number }): DocumentCache {
  const entries = new Map<string, { doc: VxmlDocument; at: number }>();
  return {
    get(url) {
      const e = entries.get(url);
      if (!e) return undefined;
      entries.delete(url);
      if (opts.now() - e.at > opts.ttlMs) return undefined;
      entries.set(url, e);
      return e.doc;
    },
    set(url, doc) {
      entries.delete(url);
      entries.set(url, { doc, at: opts.now() });
      while (entries.size > opts.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}

/**
 * Fetches and parses documents; GET results are cached per session (they are immutable trees) and, when
 * given, in a cache shared between sessions.
 */
export class DocumentLoader {
  private readonly fetcher: Fetcher;
  private readonly trace: TraceSink;
  private readonly cache = new Map<string, VxmlDocument>();
  private readonly shared: DocumentCache | undefined;

  constructor(fetcher: Fetcher, trace: TraceSink, shared?: DocumentCache) {
    this.shared = shared;
    this.fetcher = fetcher;
    this.trace = trace;
  }

  /** Seeds the cache with the first document (given as text by the caller, not fetched). */
  prime(uri: string, doc: VxmlDocument): void {
    this.cache.set(uri, doc);
  }

  async load(req: Omit<FetchRequest, 'kind'>): Promise<VxmlDocument> {
    const key = stripFragment(req.url);
    const cacheable = req.method === 'get' && !req.fields;
    const cached = cacheable ? (this.cache.get(key) ?? this.shared?.get(key)) : undefined;
    if (cached) {
      this.cache.set(key, cached);
      return cached;
    }
    const body = await this.fetchText({ ...req, url: key, kind: 'document' });
    const parsed = parseVxml(body);
    if (!parsed.ok) {
      throw new VxmlEvent('error.badfetch', `${key}: ${parsed.error.message}`);
    }
    if (cacheable) {
      this.cache.set(key, parsed.value);
      this.shared?.set(key, parsed.value);
    }
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

/** The base for relative references: the document's xml:base (itself relative to the URI), else its URI. */
export function baseUri(state: { doc: VxmlDocument; uri: string }): string {
  return state.doc.base === undefined ? state.uri : (resolveUri(state.doc.base, state.uri) ?? state.uri);
}

/** Resolves a reference against the document URI; `undefined` if it is not a valid URI. */
export function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}
