import { randomBytes, randomUUID } from 'node:crypto';

/** A random UUID v4, for rows and entities. */
export function newId(): string {
  return randomUUID();
}

/** A URL-safe random token of `bytes` bytes of entropy (session ids, nonces, API keys). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Monotonic sequence numbers for events inside one process. */
export function createSequence(start = 0): () => number {
  let n = start;
  return () => ++n;
}
