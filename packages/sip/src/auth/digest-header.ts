import { isIn, isToken } from '../message/chars.ts';
import { quote, readQuoted, skipWs, unquote } from '../message/header-values.ts';

/**
 * `Digest name=value, name="quoted", …` as used by WWW-Authenticate, Authorization and their proxy
 * twins (RFC 3261 §25.1, RFC 7616 §3). Parameter names are lower-cased; quoted values unquoted.
 */
export interface AuthHeader {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Characters of an auth-param name as this parser has always read them: [A-Za-z0-9_-]. */
const PARAM_NAME = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (/[A-Za-z0-9_-]/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

/**
 * The usual parameter names as literals: a fresh name used as a property key is looked up in V8's
 * string table (hashed) on every `in` and store, a literal is not.
 */
function knownParam(name: string): string {
  switch (name) {
    case 'username':
      return 'username';
    case 'realm':
      return 'realm';
    case 'nonce':
      return 'nonce';
    case 'uri':
      return 'uri';
    case 'response':
      return 'response';
    case 'algorithm':
      return 'algorithm';
    case 'cnonce':
      return 'cnonce';
    case 'qop':
      return 'qop';
    case 'nc':
      return 'nc';
    case 'opaque':
      return 'opaque';
    default:
      return name;
  }
}

/** A bare value ends at a comma, space or tab. */
function isValueEnd(c: number): boolean {
  return c === 44 || c === 32 || c === 9;
}

/** Parses one challenge or credentials value; null when malformed. Never throws. */
export function parseAuthHeader(value: string): AuthHeader | null {
  let i = skipWs(value, 0);
  const start = i;
  while (i < value.length && value.charCodeAt(i) !== 32 && value.charCodeAt(i) !== 9) i++;
  const scheme = value.slice(start, i);
  if (!isToken(scheme)) return null;
  const params: Record<string, string> = Object.create(null);
  for (;;) {
    i = skipWs(value, i);
    if (i >= value.length) break;
    const ns = i;
    while (i < value.length && isIn(PARAM_NAME, value.charCodeAt(i))) i++;
    const name = knownParam(value.slice(ns, i).toLowerCase());
    if (name.length === 0) return null;
    i = skipWs(value, i);
    if (value.charCodeAt(i) !== 61) return null; // =
    i = skipWs(value, i + 1);
    let v: string;
    if (value.charCodeAt(i) === 34) {
      const end = readQuoted(value, i);
      if (end < 0) return null;
      v = unquote(value.slice(i, end));
      i = end;
    } else {
      const vs = i;
      while (i < value.length && !isValueEnd(value.charCodeAt(i))) i++;
      v = value.slice(vs, i);
      if (v.length === 0) return null;
    }
    if (name in params) return null;
    params[name] = v;
    i = skipWs(value, i);
    if (i >= value.length) break;
    if (value.charCodeAt(i) !== 44) return null; // ,
    i++;
  }
  return { scheme, params };
}

/** Parameters written unquoted (RFC 7616 §3.3/§3.4: algorithm, qop in credentials, nc, stale). */
const BARE = new Set(['algorithm', 'nc', 'stale']);

export function serializeAuthHeader(h: AuthHeader, bare: readonly string[] = []): string {
  const parts = Object.entries(h.params).map(([k, v]) => (BARE.has(k) || bare.includes(k) ? `${k}=${v}` : `${k}=${quote(v)}`));
  return `${h.scheme} ${parts.join(', ')}`;
}
