import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@rexian/kernel';

/**
 * Stateless nonces (RFC 7616 §3.3 suggests time-stamp + hash): 8 bytes of issue time, 8 random bytes,
 * and 16 bytes of HMAC-SHA-256 over both under a server secret. Any node holding the secret can check
 * one without shared state; expiry turns a valid nonce into a stale one (stale=true, no new password).
 */
export type NonceCheck = 'valid' | 'stale' | 'invalid';

export interface NonceService {
  issue(): string;
  check(nonce: string): NonceCheck;
}

export interface NonceOptions {
  readonly secret: Uint8Array | string;
  readonly clock: Clock;
  /** How long a nonce is good for; default 5 minutes. */
  readonly ttlMs?: number;
}

export function createNonceService(options: NonceOptions): NonceService {
  const ttl = options.ttlMs ?? 300_000;
  const mac = (body: Buffer) => createHmac('sha256', options.secret).update(body).digest().subarray(0, 16);
  return {
    issue() {
      const body = Buffer.alloc(16);
      body.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(options.clock.now()))), 0);
      randomBytes(8).copy(body, 8);
      return Buffer.concat([body, mac(body)]).toString('base64url');
    },
    check(nonce) {
      if (nonce.length !== 43 || !/^[A-Za-z0-9_-]+$/.test(nonce)) return 'invalid';
      const raw = Buffer.from(nonce, 'base64url');
      if (raw.length !== 32) return 'invalid';
      const body = raw.subarray(0, 16);
      if (!timingSafeEqual(raw.subarray(16), mac(body))) return 'invalid';
      const issued = Number(body.readBigUInt64BE(0));
      const age = options.clock.now() - issued;
      if (age < -5_000) return 'invalid'; // issued in the future: not ours
      return age > ttl ? 'stale' : 'valid';
    },
  };
}

/**
 * Nonce-count replay protection (RFC 7616 §3.4: the server must check nc increases). Remembers the
 * highest nc per nonce for the nonce lifetime; memory is bounded by `maxEntries`, oldest evicted.
 */
export interface NonceCounter {
  /** true when `nc` is higher than any seen for `nonce` (and records it). */
  accept(nonce: string, nc: number): boolean;
  size(): number;
}

export function createNonceCounter(options: { clock: Clock; ttlMs?: number; maxEntries?: number }): NonceCounter {
  const ttl = options.ttlMs ?? 300_000;
  const max = options.maxEntries ?? 100_000;
  const seen = new Map<string, { nc: number; at: number }>();
  function prune(now: number): void {
    for (const [k, v] of seen) {
      if (now - v.at <= ttl && seen.size <= max) break;
      seen.delete(k);
    }
  }
  return {
    accept(nonce, nc) {
      const now = options.clock.monotonic();
      prune(now);
      const prev = seen.get(nonce);
      if (prev && nc <= prev.nc) return false;
      seen.delete(nonce);
      seen.set(nonce, { nc, at: now });
      return true;
    },
    size: () => seen.size,
  };
}
