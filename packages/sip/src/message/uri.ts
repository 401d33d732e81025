import { err, ok, type Result } from '@rexian/kernel';
import { HNV, HOST, isDigits, PARAM, PASSWORD, percentEncode, URIC, USER, unescapeChecked } from './chars.ts';
import type { OpaqueUri, Param, SipUri, TelUri, Uri } from './types.ts';

/**
 * URIs of RFC 3261 §19.1 (sip:, sips:), RFC 3966 (tel:) and any other absolute URI kept opaque.
 * Escapes are decoded on parse and re-applied on serialize, so `sip:%75ser@h` and `sip:user@h` parse
 * to the same value (§19.1.4 compares unescaped).
 */
export function parseUri(text: string): Result<Uri, string> {
  const colon = text.indexOf(':');
  if (colon <= 0) return err('URI without scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  if (!isScheme(scheme)) return err('bad URI scheme');
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  return parseOpaque(scheme, rest);
}

function isScheme(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (!(c0 >= 97 && c0 <= 122)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return false;
  }
  return true;
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): Result<SipUri, string> {
  let user: string | null = null;
  let password: string | null = null;
  let pos = 0;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const pc = userinfo.indexOf(':');
    const rawUser = pc >= 0 ? userinfo.slice(0, pc) : userinfo;
    if (rawUser.length === 0) return err('empty user part');
    user = unescapeChecked(rawUser, USER);
    if (user === null) return err('bad user part');
    if (pc >= 0) {
      const rawPw = userinfo.slice(pc + 1);
      password = rawPw.length === 0 ? '' : unescapeChecked(rawPw, PASSWORD);
      if (password === null) return err('bad password part');
    }
    pos = at + 1;
  }
  const hp = parseHostPort(rest, pos);
  if (!hp.ok) return hp;
  const { host, port } = hp.value;
  pos = hp.value.end;
  let params: Param[] = [];
  let headers: Param[] = [];
  const q = rest.indexOf('?', pos);
  const paramText = q >= 0 ? rest.slice(pos, q) : rest.slice(pos);
  if (paramText.length > 0) {
    if (paramText.charCodeAt(0) !== 59) return err('junk after host');
    const p = parseUriParams(paramText.slice(1).split(';'), PARAM);
    if (p === null) return err('bad URI parameter');
    params = p;
  }
  if (q >= 0) {
    const h = parseUriParams(rest.slice(q + 1).split('&'), HNV);
    if (h === null) return err('bad URI header');
    headers = h;
  }
  return ok({ scheme, user, password, host, port, params, headers });
}

/** host [":" port]; host is a hostname, IPv4 address or "[" IPv6 "]" (RFC 3261 §25.1). */
export function parseHostPort(s: string, start: number): Result<{ host: string; port: number | null; end: number }, string> {
  let i = start;
  let host: string;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0) return err('unterminated IPv6 reference');
    host = s.slice(i, close + 1);
    if (!isIpv6Reference(host)) return err('bad IPv6 reference');
    i = close + 1;
  } else {
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c >= 128 || HOST[c] !== 1) break;
      i++;
    }
    host = s.slice(start, i);
    if (host.length === 0) return err('empty host');
  }
  let port: number | null = null;
  if (s.charCodeAt(i) === 58) {
    const ps = ++i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const digits = s.slice(ps, i);
    if (!isDigits(digits) || digits.length > 5 || Number(digits) > 65535) return err('bad port');
    port = Number(digits);
  }
  return ok({ host, port, end: i });
}

function isIpv6Reference(h: string): boolean {
  if (h.length < 4) return false;
  for (let i = 1; i < h.length - 1; i++) {
    const c = h.charCodeAt(i);
    const hex = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
    if (!hex) return false;
  }
  return h.includes(':');
}

function parseUriParams(parts: string[], allowed: Uint8Array): Param[] | null {
  const out: Param[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = unescapeChecked(eq >= 0 ? part.slice(0, eq) : part, allowed);
    if (name === null || name.length === 0) return null;
    if (eq < 0) {
      out.push({ name, value: null });
      continue;
    }
    const raw = part.slice(eq + 1);
    const value = raw.length === 0 ? '' : unescapeChecked(raw, allowed);
    if (value === null) return null;
    out.push({ name, value });
  }
  return out;
}

function parseTelUri(rest: string): Result<TelUri, string> {
  const parts = rest.split(';');
  const number = parts[0] ?? '';
  if (number.length === 0 || !/^[0-9A-Fa-f+*#().\-pPwW]+$/.test(number)) return err('bad tel number');
  const params = parseUriParams(parts.slice(1), PARAM);
  if (params === null) return err('bad tel parameter');
  return ok({ scheme: 'tel', number, params });
}

function parseOpaque(scheme: string, rest: string): Result<OpaqueUri, string> {
  if (rest.length === 0) return err('empty URI');
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c >= 128 || URIC[c] !== 1) return err('bad character in URI');
  }
  return ok({ scheme, opaque: rest });
}

export function isSipUri(u: Uri): u is SipUri {
  return u.scheme === 'sip' || u.scheme === 'sips';
}

export function isTelUri(u: Uri): u is TelUri {
  return u.scheme === 'tel';
}

export function serializeUri(u: Uri): string {
  if (isSipUri(u)) return serializeSipUri(u);
  if (isTelUri(u)) return `tel:${u.number}${serializeParams(u.params, PARAM)}`;
  return `${u.scheme}:${(u as OpaqueUri).opaque}`;
}

function serializeSipUri(u: SipUri): string {
  let s = `${u.scheme}:`;
  if (u.user !== null) {
    s += percentEncode(u.user, USER);
    if (u.password !== null) s += `:${percentEncode(u.password, PASSWORD)}`;
    s += '@';
  }
  s += u.host;
  if (u.port !== null) s += `:${u.port}`;
  s += serializeParams(u.params, PARAM);
  if (u.headers.length > 0) {
    s += `?${u.headers.map((h) => `${percentEncode(h.name, HNV)}=${percentEncode(h.value ?? '', HNV)}`).join('&')}`;
  }
  return s;
}

function serializeParams(params: readonly Param[], allowed: Uint8Array): string {
  let s = '';
  for (const p of params) {
    s += `;${percentEncode(p.name, allowed)}`;
    if (p.value !== null) s += `=${percentEncode(p.value, allowed)}`;
  }
  return s;
}

/** The value of the first parameter named `name` (case-insensitive); null when valueless; undefined when absent. */
export function getParam(params: readonly Param[], name: string): string | null | undefined {
  const lower = name.toLowerCase();
  for (const p of params) if (p.name.toLowerCase() === lower) return p.value;
  return undefined;
}

export function hasParam(params: readonly Param[], name: string): boolean {
  return getParam(params, name) !== undefined;
}

/**
 * RFC 3261 §19.1.4 comparison: scheme, user and password case-sensitive, host case-insensitive,
 * transport/user/ttl/method/maddr must match when present in either, other parameters only when in both.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.scheme !== b.scheme) return false;
  if (!isSipUri(a) || !isSipUri(b)) return serializeUri(a).toLowerCase() === serializeUri(b).toLowerCase();
  if (a.user !== b.user || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  for (const name of ['transport', 'user', 'ttl', 'method', 'maddr']) {
    const x = getParam(a.params, name);
    const y = getParam(b.params, name);
    if (x?.toLowerCase() !== y?.toLowerCase()) return false;
  }
  for (const p of a.params) {
    const other = getParam(b.params, p.name);
    if (other !== undefined && other?.toLowerCase() !== p.value?.toLowerCase()) return false;
  }
  return true;
}
