import { err, ok, type Result, randomToken } from '@rexian/kernel';
import { SipErrorCode } from '../errors.ts';
import { getHeaderValues } from '../message/headers.ts';
import type { SipHeader, SipRequest, SipResponse } from '../message/types.ts';
import { serializeUri } from '../message/uri.ts';
import { computeHa1, computeResponse, type DigestAlgorithm, normaliseAlgorithm } from './digest-hash.ts';
import { parseAuthHeader, serializeAuthHeader } from './digest-header.ts';

/** One account a trunk may use, bound to the one realm it may be sent to. */
export interface ClientCredentials {
  readonly realm: string;
  readonly username: string;
  readonly password: string;
}

export interface DigestClient {
  /**
   * The Authorization / Proxy-Authorization header answering the 401/407 `challenge` for `request`.
   * Refuses any realm not configured: a carrier (or anyone able to send us a 401) must never obtain
   * a digest computed with our password for a realm of their choosing (the FreeSWITCH "digest leak").
   */
  authorize(request: SipRequest, challenge: SipResponse): Result<SipHeader, { code: string; reason: string }>;
}

const RANK: Record<DigestAlgorithm, number> = { 'SHA-256': 2, MD5: 1 };

export function createDigestClient(
  accounts: readonly ClientCredentials[],
  cnonce: () => string = () => randomToken(12),
): DigestClient {
  const counts = new Map<string, number>();
  return {
    authorize(request, challenge) {
      const proxy = challenge.status === 407;
      const values = getHeaderValues(challenge, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate');
      let best: { algorithm: DigestAlgorithm; params: Readonly<Record<string, string>>; account: ClientCredentials } | null =
        null;
      let sawForeignRealm = false;
      for (const v of values) {
        const h = parseAuthHeader(v);
        if (h === null || h.scheme.toLowerCase() !== 'digest') continue;
        const algorithm = normaliseAlgorithm(h.params.algorithm);
        if (algorithm === null || !h.params.nonce) continue;
        const account = accounts.find((a) => a.realm === h.params.realm);
        if (!account) {
          sawForeignRealm = true;
          continue;
        }
        if (h.params.qop !== undefined && !h.params.qop.split(',').some((q) => q.trim() === 'auth')) continue;
        if (!best || RANK[algorithm] > RANK[best.algorithm]) best = { algorithm, params: h.params, account };
      }
      if (!best) {
        return sawForeignRealm
          ? err({ code: SipErrorCode.AuthChallengeRefused, reason: 'challenge for a realm we have no credentials for' })
          : err({ code: SipErrorCode.AuthBadChallenge, reason: 'no usable digest challenge' });
      }
      const { algorithm, params, account } = best;
      const nonce = params.nonce as string;
      const uri = serializeUri(request.uri);
      const ha1 = computeHa1(algorithm, account.username, account.realm, account.password);
      const out: Record<string, string> = { username: account.username, realm: account.realm, nonce, uri };
      if (params.qop !== undefined) {
        const n = (counts.get(nonce) ?? 0) + 1;
        counts.set(nonce, n);
        if (counts.size > 1000) counts.delete(counts.keys().next().value as string);
        const nc = n.toString(16).padStart(8, '0');
        const cn = cnonce();
        out.response = computeResponse({ algorithm, ha1, method: request.method, uri, nonce, qop: { nc, cnonce: cn } });
        out.algorithm = algorithm;
        out.cnonce = cn;
        out.qop = 'auth';
        out.nc = nc;
      } else {
        out.response = computeResponse({ algorithm, ha1, method: request.method, uri, nonce });
        out.algorithm = algorithm;
      }
      if (params.opaque !== undefined) out.opaque = params.opaque;
      const value = serializeAuthHeader({ scheme: 'Digest', params: out }, ['qop']);
      return ok({ name: proxy ? 'Proxy-Authorization' : 'Authorization', value });
    },
  };
}
