import { parseBoundedInt } from '../message/chars.ts';
import { unquote } from '../message/header-values.ts';
import { getCallId, getContacts, getCSeq, getHeader } from '../message/headers.ts';
import type { NameAddr, SipHeader, SipRequest, Uri } from '../message/types.ts';
import { isSipUri, parseUri, serializeUri, uriEquals } from '../message/uri.ts';
import type { Binding } from './binding.ts';

export interface RegistrarPolicy {
  readonly defaultExpires: number;
  readonly minExpires: number;
  readonly maxExpires: number;
  /** Most contacts one AOR may hold (extensions' "max contacts"). */
  readonly maxContacts: number;
}

export const defaultRegistrarPolicy: RegistrarPolicy = { defaultExpires: 3600, minExpires: 60, maxExpires: 7200, maxContacts: 5 };

export interface RegisterInput {
  readonly request: SipRequest;
  readonly aor: string;
  readonly current: readonly Binding[];
  readonly now: number;
  readonly policy: RegistrarPolicy;
  readonly source: Binding['source'];
  /** Max contacts for this AOR, overriding the policy (per-extension setting). */
  readonly maxContacts?: number;
}

export interface RegisterOutcome {
  readonly status: number;
  readonly reason?: string;
  readonly headers: SipHeader[];
  /** The AOR's new binding set, or null when nothing is to be written. */
  readonly next: Binding[] | null;
}

const fail = (status: number, reason?: string, headers: SipHeader[] = []): RegisterOutcome => ({
  status,
  reason,
  headers,
  next: null,
});

/**
 * RFC 3261 §10.3 steps 6–8 as a pure function: wildcard removal, per-contact expiry (contact
 * parameter, then Expires header, then default), 423 below the minimum, Call-ID/CSeq ordering,
 * q-values, the per-AOR contact limit, and the 200 listing every current binding.
 */
export function processRegister(input: RegisterInput): RegisterOutcome {
  const { request, now, policy } = input;
  const live = input.current.filter((b) => b.expiresAt > now);
  const contacts = getContacts(request);
  if (!contacts.ok) return fail(400, 'Bad Contact');
  const callId = getCallId(request) ?? '';
  const cseq = getCSeq(request)?.seq ?? 0;
  const headerExpires = getHeader(request, 'Expires');
  if (contacts.value === '*') {
    // §10.3 step 6: "*" only with Expires: 0 and no other Contact.
    if (headerExpires === undefined || parseBoundedInt(headerExpires, 2 ** 32 - 1) !== 0)
      return fail(400, 'Wildcard needs Expires: 0');
    if (live.some((b) => b.callId === callId && b.cseq >= cseq)) return fail(500, 'Out of order');
    return { status: 200, headers: [], next: [] };
  }
  if (contacts.value.length === 0) return { status: 200, headers: contactHeaders(live, now), next: null };
  let next = [...live];
  for (const c of contacts.value) {
    const expires = expiryOf(c, headerExpires, policy);
    if (expires === null) return fail(400, 'Bad expires');
    if (expires > 0 && expires < policy.minExpires)
      return fail(423, undefined, [{ name: 'Min-Expires', value: String(policy.minExpires) }]);
    const uri = serializeUri(c.uri);
    const existing = next.find((b) => sameContact(b.contact, c.uri));
    if (existing && existing.callId === callId && existing.cseq >= cseq) return fail(500, 'Out of order');
    next = next.filter((b) => b !== existing);
    if (expires === 0) continue;
    next.push({
      aor: input.aor,
      contact: uri,
      expiresAt: now + Math.min(expires, policy.maxExpires) * 1000,
      q: qOf(c),
      callId,
      cseq,
      source: input.source,
      userAgent: getHeader(request, 'User-Agent') ?? null,
      instanceId: unquoted(paramOf(c, '+sip.instance')),
      updatedAt: now,
    });
  }
  const max = input.maxContacts ?? policy.maxContacts;
  if (next.length > max) return fail(403, 'Too Many Contacts');
  return { status: 200, headers: contactHeaders(next, now), next };
}

function expiryOf(c: NameAddr, headerExpires: string | undefined, policy: RegistrarPolicy): number | null {
  const param = paramOf(c, 'expires');
  const text = param ?? headerExpires;
  if (text === undefined || text === null) return policy.defaultExpires;
  const n = parseBoundedInt(text.trim(), 2 ** 32 - 1);
  return n < 0 ? null : n;
}

function paramOf(c: NameAddr, name: string): string | null {
  const p = c.params.find((x) => x.name.toLowerCase() === name);
  return p?.value ?? null;
}

function unquoted(v: string | null): string | null {
  return v !== null && v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? unquote(v) : v;
}

function qOf(c: NameAddr): number | null {
  const q = paramOf(c, 'q');
  return q === null ? null : Number(q);
}

function sameContact(stored: string, uri: Uri): boolean {
  const parsed = parseUri(stored);
  if (!parsed.ok) return false;
  return isSipUri(parsed.value) && isSipUri(uri) ? uriEquals(parsed.value, uri) : stored === serializeUri(uri);
}

/** §10.3 step 8: the 200 lists every current binding with its remaining expiry, highest q first. */
export function contactHeaders(bindings: readonly Binding[], now: number): SipHeader[] {
  return [...bindings]
    .sort((a, b) => (b.q ?? 1) - (a.q ?? 1))
    .map((b) => ({
      name: 'Contact',
      value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}${b.q === null ? '' : `;q=${b.q}`}`,
    }));
}
