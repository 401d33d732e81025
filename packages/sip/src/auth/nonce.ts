import { createHash, hash } from 'node:crypto';
import type { Clock } from '@rexian/kernel';
import { randomInto } from '../message/random.ts';

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

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TWO_32 = 2 ** 32;

export function createNonceService(options: NonceOptions): NonceService {
  const ttl = options.ttlMs ?? 300_000;
  const mac = createMac(options.secret);
  const nonce = Buffer.alloc(32);
  return {
    issue() {
      const now = Math.max(0, Math.floor(options.clock.now()));
      nonce.writeUInt32BE(Math.floor(now / TWO_32), 0);
      nonce.writeUInt32BE(now % TWO_32, 4);
      randomInto(nonce, 8, 8);
      nonce.write(mac(nonce.subarray(0, 16)), 16, 16, 'hex');
      return nonce.toString('base64url');
    },
    check(text) {
      if (text.length !== 43 || !BASE64URL.test(text)) return 'invalid';
      const raw = Buffer.from(text, 'base64url');
      if (raw.length !== 32) return 'invalid';
      if (!sameText(raw.toString('hex', 16, 32), mac(raw.subarray(0, 16)))) return 'invalid';
      const issued = raw.readUInt32BE(0) * TWO_32 + raw.readUInt32BE(4);
      const age = options.clock.now() - issued;
      if (age < -5_000) return 'invalid'; // issued in the future: not ours
      return age > ttl ? 'stale' : 'valid';
    },
  };
}

/**
 * HMAC-SHA-256 (RFC 2104) of a 16-byte body, truncated to 16 bytes, as 32 hex digits. The padded keys
 * are computed once and each nonce costs two one-shot `crypto.hash` calls: `createHmac` per nonce set
 * up the key every time and was the costliest step of a digest challenge. Same bytes as `createHmac`.
 */
function createMac(secret: Uint8Array | string): (body: Buffer) => string {
  let key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const inner = Buffer.alloc(64 + 16);
  const outer = Buffer.alloc(64 + 32);
  for (let i = 0; i < 64; i++) {
    const k = key[i] ?? 0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  return (body) => {
    body.copy(inner, 64);
    outer.write(hash('sha256', inner, 'hex'), 64, 32, 'hex');
    return hash('sha256', outer, 'hex').slice(0, 32);
  };
}

/** Equal-length strings compared without an early exit (the MAC must not leak through timing). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
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
