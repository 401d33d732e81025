/**
 * SIP messages are plain data (STYLE.md): no methods, no transport, no back-references. Header values
 * are kept as the unfolded text received; typed views (Via, name-addr, CSeq …) are parsed on demand
 * by the functions in `headers.ts`, so a proxy that only reads three headers parses only three.
 */

/** A generic parameter (`;name=value` or `;name`). `value` is null for a parameter without `=`. */
export interface Param {
  readonly name: string;
  readonly value: string | null;
}

/** sip: and sips: URIs (RFC 3261 §19.1). User, password, parameter and header parts are unescaped. */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | null;
  readonly password: string | null;
  /** Host name, IPv4 address or IPv6 reference with its brackets (`[2001:db8::1]`). */
  readonly host: string;
  readonly port: number | null;
  readonly params: readonly Param[];
  readonly headers: readonly Param[];
}

/** tel: URIs (RFC 3966); the number keeps its visual separators. */
export interface TelUri {
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: readonly Param[];
}

/** Any other absolute URI (`im:`, `http:`, `urn:` …), carried opaquely. */
export interface OpaqueUri {
  readonly scheme: string;
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OpaqueUri;

/** One header line as received, compact names expanded to the canonical long form. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: Uri;
  readonly headers: readonly SipHeader[];
  readonly body: Uint8Array;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

/** `"display" <uri>;params` or `uri;params` (RFC 3261 §20.10/§25.1 name-addr / addr-spec). */
export interface NameAddr {
  readonly displayName: string | null;
  readonly uri: Uri;
  readonly params: readonly Param[];
}

/** One Via value (RFC 3261 §20.42). */
export interface Via {
  readonly protocol: string;
  readonly version: string;
  readonly transport: string;
  readonly host: string;
  readonly port: number | null;
  readonly params: readonly Param[];
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** Limits enforced while parsing untrusted bytes. */
export interface ParseLimits {
  /** Whole message, head and body. */
  readonly maxMessageBytes: number;
  readonly maxHeaders: number;
  /** One header field after unfolding. */
  readonly maxHeaderBytes: number;
}

export const defaultLimits: ParseLimits = {
  maxMessageBytes: 65_535,
  maxHeaders: 128,
  maxHeaderBytes: 8_192,
};
