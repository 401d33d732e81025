import { isToken } from '../message/chars.ts';
import { quote, readQuoted, skipWs, unquote } from '../message/header-values.ts';

/**
 * `Digest name=value, name="quoted", …` as used by WWW-Authenticate, Authorization and their proxy
 * twins (RFC 3261 §25.1, RFC 7616 §3). Parameter names are lower-cased; quoted values unquoted.
 */
export interface AuthHeader {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
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
    while (i < value.length && /[A-Za-z0-9_-]/.test(value[i] as string)) i++;
    const name = value.slice(ns, i).toLowerCase();
    if (name.length === 0) return null;
    i = skipWs(value, i);
    if (value[i] !== '=') return null;
    i = skipWs(value, i + 1);
    let v: string;
    if (value[i] === '"') {
      const end = readQuoted(value, i);
      if (end < 0) return null;
      v = unquote(value.slice(i, end));
      i = end;
    } else {
      const vs = i;
      while (i < value.length && value[i] !== ',' && value[i] !== ' ' && value[i] !== '\t') i++;
      v = value.slice(vs, i);
      if (v.length === 0) return null;
    }
    if (name in params) return null;
    params[name] = v;
    i = skipWs(value, i);
    if (i >= value.length) break;
    if (value[i] !== ',') return null;
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
