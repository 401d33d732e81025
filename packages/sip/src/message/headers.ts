import { err, ok, type Result } from '@rexian/kernel';
import { canonicalHeaderName, isListHeader } from './header-names.ts';
import { parseCSeq, parseNameAddr, parseVia, splitList } from './header-values.ts';
import type { CSeq, NameAddr, SipHeader, SipMessage, Via } from './types.ts';

/** Header lookups over plain messages. Names are matched case-insensitively; compact forms accepted. */

function matches(h: SipHeader, canonical: string, lower: string): boolean {
  // Lower-casing never shortens a string, so a longer name cannot match: skip its toLowerCase copy.
  return h.name === canonical || (h.name.length <= lower.length && h.name.toLowerCase() === lower);
}

/** The first value of a header (a list header's whole first line), or undefined. */
export function getHeader(m: { readonly headers: readonly SipHeader[] }, name: string): string | undefined {
  const canonical = canonicalHeaderName(name);
  const lower = canonical.toLowerCase();
  for (const h of m.headers) if (matches(h, canonical, lower)) return h.value;
  return undefined;
}

/** Every value of a header in order, list headers split on their commas (§7.3.1). */
export function getHeaderValues(m: { readonly headers: readonly SipHeader[] }, name: string): string[] {
  const canonical = canonicalHeaderName(name);
  const lower = canonical.toLowerCase();
  const split = isListHeader(canonical);
  const out: string[] = [];
  for (const h of m.headers) {
    if (!matches(h, canonical, lower)) continue;
    if (split) out.push(...splitList(h.value));
    else out.push(h.value);
  }
  return out;
}

export function hasHeader(m: { readonly headers: readonly SipHeader[] }, name: string): boolean {
  return getHeader(m, name) !== undefined;
}

export function getVias(m: SipMessage): Result<Via[], string> {
  const out: Via[] = [];
  for (const v of getHeaderValues(m, 'Via')) {
    const r = parseVia(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

export function getTopVia(m: SipMessage): Via | undefined {
  // Only the first value of the first Via header counts: split that one, not every Via of the message.
  const header = getHeader(m, 'Via');
  if (header === undefined) return undefined;
  const first = splitList(header)[0] as string;
  const r = parseVia(first);
  return r.ok ? r.value : undefined;
}

export function getCSeq(m: SipMessage): CSeq | undefined {
  const v = getHeader(m, 'CSeq');
  if (v === undefined) return undefined;
  const r = parseCSeq(v);
  return r.ok ? r.value : undefined;
}

export function getNameAddr(m: SipMessage, name: 'From' | 'To' | 'Refer-To' | 'Referred-By'): NameAddr | undefined {
  const v = getHeader(m, name);
  if (v === undefined) return undefined;
  const r = parseNameAddr(v);
  return r.ok ? r.value : undefined;
}

/** Tag parameter of From or To. */
export function getTag(m: SipMessage, name: 'From' | 'To'): string | undefined {
  const na = getNameAddr(m, name);
  if (!na) return undefined;
  for (const p of na.params) if (p.name.toLowerCase() === 'tag' && p.value !== null) return p.value;
  return undefined;
}

export function getCallId(m: SipMessage): string | undefined {
  return getHeader(m, 'Call-ID');
}

/** Contact values; `'*'` for the wildcard of a REGISTER (§10.2.2). */
export function getContacts(m: SipMessage): Result<NameAddr[] | '*', string> {
  const values = getHeaderValues(m, 'Contact');
  if (values.length === 1 && values[0] === '*') return ok('*');
  const out: NameAddr[] = [];
  for (const v of values) {
    if (v === '*') return err('* mixed with other contacts');
    const r = parseNameAddr(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** Route-style headers (Route, Record-Route, Path, Service-Route) as name-addrs in order. */
export function getRouteSet(
  m: SipMessage,
  name: 'Route' | 'Record-Route' | 'Path' | 'Service-Route',
): Result<NameAddr[], string> {
  const out: NameAddr[] = [];
  for (const v of getHeaderValues(m, name)) {
    const r = parseNameAddr(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** Option tags of Require / Supported / Proxy-Require / Unsupported, lower-cased. */
export function getOptionTags(m: SipMessage, name: 'Require' | 'Supported' | 'Proxy-Require' | 'Unsupported'): string[] {
  return getHeaderValues(m, name)
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0);
}

/** A copy of the headers with every `name` header removed (plain-data update helper). */
export function withoutHeader(headers: readonly SipHeader[], name: string): SipHeader[] {
  const canonical = canonicalHeaderName(name);
  const lower = canonical.toLowerCase();
  return headers.filter((h) => !matches(h, canonical, lower));
}

/** A copy of the headers with `name` set to a single value (replacing in place, else appended). */
export function withHeader(headers: readonly SipHeader[], name: string, value: string): SipHeader[] {
  const canonical = canonicalHeaderName(name);
  const lower = canonical.toLowerCase();
  const out: SipHeader[] = [];
  let done = false;
  for (const h of headers) {
    if (matches(h, canonical, lower)) {
      if (!done) out.push({ name: canonical, value });
      done = true;
    } else out.push(h);
  }
  if (!done) out.push({ name: canonical, value });
  return out;
}
