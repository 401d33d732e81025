import { err, ok, type Result } from '@rexian/kernel';
import { isDigits, isToken, isWs, parseBoundedInt, TOKEN } from './chars.ts';
import type { CSeq, NameAddr, Param, Via } from './types.ts';
import { parseHostPort, parseUri, serializeUri } from './uri.ts';

/**
 * Parsers for the structured header values (RFC 3261 §25.1). Each takes one value (a list header
 * already split by `splitList`) and returns a Result; none throws.
 */

/**
 * The same header text is parsed several times per message — validation, the transaction key, the
 * dialog, the response's To tag — and again for each message of a transaction. Results are kept per
 * input text in two small generations (the newer one replaces the older when full), so repeats cost a
 * map lookup and memory stays bounded. Results are shared: they are read-only values (types say so)
 * and must not be mutated.
 */
function memoized<T>(parse: (text: string) => T, generationSize = 512): (text: string) => T {
  let current = new Map<string, T>();
  let previous = new Map<string, T>();
  return (text) => {
    let r = current.get(text);
    if (r !== undefined) return r;
    r = previous.get(text);
    if (r === undefined) {
      r = parse(text);
      if (text.length > MAX_REMEMBERED) return r;
    }
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
    current.set(detached(text), r);
    return r;
  };
}

/** Longer header texts are parsed every time: the cache is for the everyday short ones. */
const MAX_REMEMBERED = 1024;

/**
 * A header text is a slice of its message's head and keeps the whole head (up to 64 KiB) alive; the
 * cache keeps a copy instead (concatenation then slicing makes V8 flatten into a new string), so it
 * never holds more than its own keys.
 */
function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/** Splits a list header value on commas outside quoted strings and angle brackets (§7.3.1). */
export function splitList(value: string): string[] {
  if (value.indexOf(',') < 0) return [value.trim()];
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 60) inAngle = true;
    else if (c === 62) inAngle = false;
    else if (c === 44 && !inAngle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the closing quote of the quoted-string starting at `i`, or -1 (§25.1 quoted-string). */
export function readQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c === 92) {
      const n = s.charCodeAt(j + 1);
      if (Number.isNaN(n) || n === 10 || n === 13) return -1;
      j++;
    } else if ((c < 32 && c !== 9) || c === 127) return -1;
  }
  return -1;
}

export function unquote(q: string): string {
  const inner = q.slice(1, -1);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\([\s\S])/g, '$1');
}

export function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

function readWhile(s: string, i: number, t: Uint8Array): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) break;
    i++;
  }
  return i;
}

const GEN_VALUE = (() => {
  const t = new Uint8Array(TOKEN);
  for (const ch of ':[]') t[ch.charCodeAt(0)] = 1;
  return t;
})();

/**
 * `*( SWS ";" SWS name [ SWS "=" SWS value ] )` from `i` to the end of `s`. Quoted values keep their
 * quotes so they serialize back unchanged.
 */
export function parseHeaderParams(s: string, i: number): Param[] | null {
  const params: Param[] = [];
  for (;;) {
    i = skipWs(s, i);
    if (i >= s.length) return params;
    if (s.charCodeAt(i) !== 59) return null;
    i = skipWs(s, i + 1);
    const ns = i;
    i = readWhile(s, i, TOKEN);
    if (i === ns) return null;
    const name = s.slice(ns, i);
    i = skipWs(s, i);
    if (s.charCodeAt(i) !== 61) {
      params.push({ name, value: null });
      continue;
    }
    i = skipWs(s, i + 1);
    const vs = i;
    if (s.charCodeAt(i) === 34) {
      i = readQuoted(s, i);
      if (i < 0) return null;
    } else {
      i = readWhile(s, i, GEN_VALUE);
      if (i === vs) return null;
    }
    params.push({ name, value: s.slice(vs, i) });
  }
}

export function serializeHeaderParams(params: readonly Param[]): string {
  let s = '';
  for (const p of params) s += p.value === null ? `;${p.name}` : `;${p.name}=${p.value}`;
  return s;
}

/** name-addr / addr-spec followed by header parameters (§20.10: addr-spec ends at the first ";"). */
export const parseNameAddr = memoized(parseNameAddrText);

function parseNameAddrText(s: string): Result<NameAddr, string> {
  let i = skipWs(s, 0);
  let displayName: string | null = null;
  if (s.charCodeAt(i) === 34) {
    const end = readQuoted(s, i);
    if (end < 0) return err('unterminated quoted display name');
    displayName = unquote(s.slice(i, end));
    i = skipWs(s, end);
    if (s.charCodeAt(i) !== 60) return err('quoted display name without <URI>');
  } else {
    const lt = s.indexOf('<', i);
    if (lt >= 0) {
      const dn = s.slice(i, lt).trim();
      for (let k = 0; k < dn.length; k++) {
        const c = dn.charCodeAt(k);
        if (!isWs(c) && (c >= 128 || TOKEN[c] !== 1)) return err('display name must be tokens or quoted');
      }
      displayName = dn.length > 0 ? dn : null;
      i = lt;
    }
  }
  let uriText: string;
  if (s.charCodeAt(i) === 60) {
    const gt = s.indexOf('>', i);
    if (gt < 0) return err('missing >');
    uriText = s.slice(i + 1, gt);
    i = gt + 1;
  } else {
    const start = i;
    while (i < s.length && s.charCodeAt(i) !== 59 && !isWs(s.charCodeAt(i))) i++;
    uriText = s.slice(start, i);
    // §20.10: a URI holding a comma, question mark or semicolon must be enclosed in < >.
    if (uriText.includes('?') || uriText.includes(',')) return err('addr-spec with ? or , needs <>');
  }
  if (/[\s]/.test(uriText)) return err('whitespace inside URI');
  const uri = parseUri(uriText);
  if (!uri.ok) return uri;
  const params = parseHeaderParams(s, i);
  if (params === null) return err('bad header parameter');
  return ok({ displayName, uri: uri.value, params });
}

export function serializeNameAddr(n: NameAddr): string {
  const dn = n.displayName === null ? '' : `${quote(n.displayName)} `;
  return `${dn}<${serializeUri(n.uri)}>${serializeHeaderParams(n.params)}`;
}

/** `SIP / 2.0 / UDP sent-by *(; via-params)` with LWS allowed around the slashes (§20.42). */
export const parseVia = memoized(parseViaText);

function parseViaText(s: string): Result<Via, string> {
  const parts: string[] = [];
  let i = skipWs(s, 0);
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      i = skipWs(s, i);
      if (s.charCodeAt(i) !== 47) return err('bad Via protocol');
      i = skipWs(s, i + 1);
    }
    const start = i;
    i = readWhile(s, i, TOKEN);
    if (i === start) return err('bad Via protocol');
    parts.push(s.slice(start, i));
  }
  const afterProto = i;
  i = skipWs(s, i);
  if (i === afterProto) return err('missing LWS before sent-by');
  const hp = parseHostPort(s, i);
  if (!hp.ok) return hp;
  const params = parseHeaderParams(s, hp.value.end);
  if (params === null) return err('bad Via parameter');
  for (const p of params) {
    const name = p.name.toLowerCase();
    if (name === 'branch' && (p.value === null || !isToken(p.value))) return err('bad branch');
    if (name === 'rport' && p.value !== null && !isDigits(p.value)) return err('bad rport');
    if (name === 'ttl' && (p.value === null || parseBoundedInt(p.value, 255) < 0)) return err('bad ttl');
  }
  return ok({
    protocol: parts[0] as string,
    version: parts[1] as string,
    transport: (parts[2] as string).toUpperCase(),
    host: hp.value.host,
    port: hp.value.port,
    params,
  });
}

export function serializeVia(v: Via): string {
  const port = v.port === null ? '' : `:${v.port}`;
  return `${v.protocol}/${v.version}/${v.transport} ${v.host}${port}${serializeHeaderParams(v.params)}`;
}

/** RFC 3261 §8.1.1.5: the sequence number MUST be expressible as a 32-bit unsigned integer, below 2**31. */
export const parseCSeq = memoized(parseCSeqText);

function parseCSeqText(s: string): Result<CSeq, string> {
  const m = /^[ \t]*([0-9]{1,10})[ \t]+([^ \t]+)[ \t]*$/.exec(s);
  if (!m) return err('bad CSeq');
  const seq = Number(m[1]);
  const method = m[2] as string;
  if (seq >= 2 ** 31) return err('CSeq number too large');
  if (!isToken(method)) return err('bad CSeq method');
  return ok({ seq, method });
}
