import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '@rexian/kernel';
import { getHeaderValues } from '../message/headers.ts';
import type { SipHeader, SipRequest } from '../message/types.ts';
import { isSipUri, parseUri, serializeUri, uriEquals } from '../message/uri.ts';
import { computeHa1, computeResponse, type DigestAlgorithm, normaliseAlgorithm } from './digest-hash.ts';
import { type AuthHeader, parseAuthHeader, serializeAuthHeader } from './digest-header.ts';
import { createNonceCounter, createNonceService } from './nonce.ts';

/** What the credentials store knows of a user: the password, or precomputed HA1 per algorithm. */
export type DigestCredentials = { readonly password: string } | { readonly ha1: Partial<Record<DigestAlgorithm, string>> };

/** Port to the extensions store (the lead backs it with the database). */
export interface DigestCredentialsPort {
  lookup(username: string, realm: string): Promise<DigestCredentials | undefined>;
}

const DEFAULT_ALGORITHMS: readonly DigestAlgorithm[] = ['MD5'];
/** Stands for the nonce in the pre-serialized challenge (no realm holds a NUL); nonces are base64url, which quoting leaves as is. */
const NONCE_MARK = '\u0000nonce\u0000';

export interface DigestServerOptions {
  readonly realm: string;
  readonly secret: Uint8Array | string;
  readonly clock: Clock;
  readonly credentials: DigestCredentialsPort;
  readonly nonceTtlMs?: number;
  /**
   * Offered in this order (RFC 8760 §2.4: the preferred one first). Default MD5 only: Debian 12's
   * baresip (libre 1.x) refuses a 401 that carries any non-MD5 challenge, and SIPp and sipsak read
   * only the first one, so SHA-256 is opt-in (`['SHA-256', 'MD5']`) where the phones support it.
   */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** 'proxy' answers 407 with Proxy-Authenticate and reads Proxy-Authorization. */
  readonly mode?: 'www' | 'proxy';
}

/**
 * Why a request was not authenticated. `failed` covers both an unknown user and a wrong password so
 * the answers are identical (no user enumeration); `missing` is the first, expected challenge and must
 * not count as an abuse failure.
 */
export type DigestRejection = 'missing' | 'malformed' | 'stale' | 'failed' | 'replay';

export type DigestOutcome =
  | { readonly ok: true; readonly username: string; readonly algorithm: DigestAlgorithm }
  | {
      readonly ok: false;
      readonly reason: DigestRejection;
      /** User name the client claimed, for failure counting; never proves the user exists. */
      readonly claimedUser: string | null;
      readonly status: 401 | 407;
      /** Challenge headers to put in the 401/407. */
      readonly challenge: SipHeader[];
    };

export interface DigestServer {
  challenge(stale?: boolean): SipHeader[];
  verify(request: SipRequest): Promise<DigestOutcome>;
}

export function createDigestServer(options: DigestServerOptions): DigestServer {
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  const nonces = createNonceService({ secret: options.secret, clock: options.clock, ttlMs: options.nonceTtlMs });
  const counter = createNonceCounter({ clock: options.clock, ttlMs: options.nonceTtlMs });
  const proxy = options.mode === 'proxy';
  const challengeName = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const credentialsName = proxy ? 'Proxy-Authorization' : 'Authorization';
  const status = proxy ? 407 : 401;

  // The challenge text is fixed but for the nonce: serialize it once per algorithm and stale flag.
  const template = (stale: boolean) =>
    algorithms.map((algorithm) => {
      const params: Record<string, string> = { realm: options.realm, nonce: NONCE_MARK, algorithm, qop: 'auth' };
      if (stale) params.stale = 'true';
      return serializeAuthHeader({ scheme: 'Digest', params }).split(NONCE_MARK) as [string, string];
    });
  const templates = { fresh: template(false), stale: template(true) };

  function challenge(stale = false): SipHeader[] {
    const nonce = nonces.issue();
    return (stale ? templates.stale : templates.fresh).map(([before, after]) => ({
      name: challengeName,
      value: `${before}${nonce}${after}`,
    }));
  }

  const reject = (reason: DigestRejection, claimedUser: string | null, stale = false): DigestOutcome => ({
    ok: false,
    reason,
    claimedUser,
    status,
    challenge: challenge(stale),
  });

  async function verify(request: SipRequest): Promise<DigestOutcome> {
    const ours = pickCredentials(getHeaderValues(request, credentialsName), options.realm);
    if (ours === 'none') return reject('missing', null);
    if (ours === 'malformed') return reject('malformed', null);
    const p = ours.params;
    const username = p.username ?? '';
    const algorithm = normaliseAlgorithm(p.algorithm);
    const nonce = p.nonce ?? '';
    const ok =
      algorithm !== null && algorithms.includes(algorithm) && username !== '' && p.response !== undefined && p.uri !== undefined;
    if (!ok || p.qop !== 'auth' || !p.cnonce || !/^[0-9a-fA-F]{8}$/.test(p.nc ?? ''))
      return reject('malformed', username || null);
    if (!sameUri(p.uri ?? '', request)) return reject('failed', username);
    const check = nonces.check(nonce);
    if (check === 'invalid') return reject('failed', username);
    const creds = await options.credentials.lookup(username, options.realm);
    // Unknown users are answered exactly like wrong passwords, after the same hashing work.
    const ha1 = haOne(creds, algorithm, username, options.realm) ?? computeHa1(algorithm, username, options.realm, '\0unknown');
    const expected = computeResponse({
      algorithm,
      ha1,
      method: request.method,
      uri: p.uri as string,
      nonce,
      qop: { nc: p.nc as string, cnonce: p.cnonce },
    });
    const given = (p.response as string).toLowerCase();
    const match =
      creds !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!match) return reject('failed', username);
    // RFC 7616 §3.3: a correct answer to an expired nonce gets stale=true, not a failure.
    if (check === 'stale') return reject('stale', username, true);
    if (!counter.accept(nonce, Number.parseInt(p.nc as string, 16))) return reject('replay', username);
    return { ok: true, username, algorithm };
  }

  return { challenge, verify };
}

function pickCredentials(values: string[], realm: string): AuthHeader | 'none' | 'malformed' {
  let sawMalformed = false;
  for (const v of values) {
    const h = parseAuthHeader(v);
    if (h === null) {
      sawMalformed = true;
      continue;
    }
    // Credentials for other realms or schemes belong to someone else (RFC 3261 §22.3).
    if (h.scheme.toLowerCase() === 'digest' && h.params.realm === realm) return h;
  }
  return sawMalformed ? 'malformed' : 'none';
}

function haOne(
  creds: DigestCredentials | undefined,
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
): string | undefined {
  if (creds === undefined) return undefined;
  if ('password' in creds) return computeHa1(algorithm, username, realm, creds.password);
  return creds.ha1[algorithm]?.toLowerCase();
}

/** The digest-uri must name the Request-URI (RFC 7616 §3.4.6), compared as URIs. */
function sameUri(digestUri: string, request: SipRequest): boolean {
  if (digestUri === serializeUri(request.uri)) return true;
  const parsed = parseUri(digestUri);
  return parsed.ok && isSipUri(parsed.value) && uriEquals(parsed.value, request.uri);
}
