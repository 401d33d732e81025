import { hash } from 'node:crypto';

/** Digest algorithms we speak: RFC 7616 / RFC 8760 (SIP). SHA-256 is preferred when both sides have it. */
export type DigestAlgorithm = 'MD5' | 'SHA-256';
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

export function normaliseAlgorithm(value: string | undefined): DigestAlgorithm | null {
  if (value === undefined) return 'MD5'; // RFC 7616 §3.3: absent means MD5
  const upper = value.toUpperCase();
  return upper === 'MD5' ? 'MD5' : upper === 'SHA-256' ? 'SHA-256' : null;
}

/** Lower-case hex of the hash of `text` as UTF-8 (one-shot `crypto.hash`: no Hash object per call). */
export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return hash(algorithm === 'MD5' ? 'md5' : 'sha256', text, 'hex');
}

export function computeHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface ResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly ha1: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** With qop=auth (RFC 7616 §3.4.1); without, the RFC 2069 form. */
  readonly qop?: { readonly nc: string; readonly cnonce: string };
}

export function computeResponse(i: ResponseInput): string {
  const ha2 = digestHash(i.algorithm, `${i.method}:${i.uri}`);
  const middle = i.qop ? `${i.nonce}:${i.qop.nc}:${i.qop.cnonce}:auth` : i.nonce;
  return digestHash(i.algorithm, `${i.ha1}:${middle}:${ha2}`);
}
