import { SipErrorCode as C, parseError, type SipParseError } from '../errors.ts';
import { allIn, parseBoundedInt, WORD } from './chars.ts';
import { SINGLE_HEADERS } from './header-names.ts';
import { parseCSeq, parseNameAddr, parseVia, splitList } from './header-values.ts';
import type { SipMessage } from './types.ts';
import { isSipUri } from './uri.ts';

const REQUIRED = ['Via', 'From', 'To', 'Call-ID', 'CSeq'] as const;
const MAX_DELTA = 2 ** 32 - 1;
// RFC 3261 §25.1 rfc1123-date; the zone MUST be "GMT" (RFC 4475 §3.1.2.12).
const DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/;

const bad = (code: (typeof C)[keyof typeof C], reason: string, header?: string): SipParseError =>
  parseError(code, reason, 400, header);

/**
 * The header checks every element needs before acting on a message (RFC 3261 §8.2, §16.3, RFC 4475
 * §3.1.2 and §3.3): mandatory and single-valued headers present once, the headers a UAS or proxy reads
 * well formed, the CSeq method equal to the request method. Returns null when the message is acceptable.
 */
export function validateMessage(m: SipMessage): SipParseError | null {
  const byName = collect(m);
  if ('code' in byName) return byName;
  for (const name of REQUIRED) {
    if (name === 'Via' ? byName.Via.length === 0 : byName.single[name] === undefined)
      return bad(C.MissingHeader, `missing ${name}`, name);
  }
  if (m.kind === 'request') {
    // §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
    if (isSipUri(m.uri) && m.uri.headers.length > 0) return bad(C.BadUri, 'headers in Request-URI');
  }
  return checkHeaders(m, byName);
}

type SingleName = (typeof SINGLE_HEADERS)[number] | 'Date';
type ListName = 'Via' | 'Contact' | 'Route' | 'Record-Route';

interface Collected {
  readonly single: Partial<Record<SingleName, string>>;
  readonly Via: string[];
  readonly Contact: string[];
  readonly Route: string[];
  readonly 'Record-Route': string[];
}

const SINGLE = new Set<string>([...SINGLE_HEADERS, 'Date']);

/** One pass over the headers: single-valued ones (a repeat is an error) and the address lists. */
function collect(m: SipMessage): Collected | SipParseError {
  const c: Collected = { single: {}, Via: [], Contact: [], Route: [], 'Record-Route': [] };
  for (const h of m.headers) {
    const name = h.name;
    if (name === 'Via' || name === 'Contact' || name === 'Route' || name === 'Record-Route') {
      c[name as ListName].push(h.value);
    } else if (SINGLE.has(name)) {
      if (c.single[name as SingleName] !== undefined) return bad(C.DuplicateHeader, `several ${name} headers`, name);
      c.single[name as SingleName] = h.value;
    }
  }
  return c;
}

function one(byName: Collected, name: SingleName): string | undefined {
  return byName.single[name];
}

function all(byName: Collected, name: ListName): string[] {
  return byName[name];
}

function checkHeaders(m: SipMessage, byName: Collected): SipParseError | null {
  const cseq = parseCSeq(one(byName, 'CSeq') ?? '');
  if (!cseq.ok) return bad(C.BadHeader, cseq.error, 'CSeq');
  if (m.kind === 'request' && cseq.value.method !== m.method)
    return bad(C.CSeqMismatch, 'CSeq method differs from request method', 'CSeq');
  for (const h of all(byName, 'Via')) {
    for (const v of splitList(h)) if (!parseVia(v).ok) return bad(C.BadHeader, 'bad Via', 'Via');
  }
  for (const name of ['From', 'To'] as const) {
    if (!parseNameAddr(one(byName, name) ?? '').ok) return bad(C.BadHeader, `bad ${name}`, name);
  }
  const callId = one(byName, 'Call-ID') ?? '';
  const at = callId.indexOf('@');
  const callIdOk = at < 0 ? allIn(WORD, callId) : allIn(WORD, callId.slice(0, at)) && allIn(WORD, callId.slice(at + 1));
  if (!callIdOk) return bad(C.BadHeader, 'bad Call-ID', 'Call-ID');
  const mf = one(byName, 'Max-Forwards');
  if (mf !== undefined && parseBoundedInt(mf, 255) < 0) return bad(C.BadHeader, 'bad Max-Forwards', 'Max-Forwards');
  const expires = one(byName, 'Expires');
  if (expires !== undefined && parseBoundedInt(expires, MAX_DELTA) < 0) return bad(C.BadHeader, 'bad Expires', 'Expires');
  const date = one(byName, 'Date');
  if (date !== undefined && !DATE.test(date)) return bad(C.BadHeader, 'bad Date', 'Date');
  return checkAddressLists(byName);
}

function checkAddressLists(byName: Collected): SipParseError | null {
  const contacts = all(byName, 'Contact');
  const isStar = contacts.length === 1 && contacts[0] === '*';
  if (!isStar) {
    for (const h of contacts) {
      for (const v of splitList(h)) {
        const na = parseNameAddr(v);
        if (!na.ok) return bad(C.BadHeader, `bad Contact: ${na.error}`, 'Contact');
        for (const p of na.value.params) {
          const name = p.name.toLowerCase();
          if (name === 'expires' && (p.value === null || parseBoundedInt(p.value, MAX_DELTA) < 0))
            return bad(C.BadHeader, 'bad Contact expires', 'Contact');
          if (name === 'q' && (p.value === null || !/^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/.test(p.value)))
            return bad(C.BadHeader, 'bad Contact q', 'Contact');
        }
      }
    }
  }
  for (const name of ['Route', 'Record-Route'] as const) {
    for (const h of all(byName, name)) {
      for (const v of splitList(h)) if (!parseNameAddr(v).ok) return bad(C.BadHeader, `bad ${name}`, name);
    }
  }
  return null;
}
