import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for tags, branches and nonces, drawn from one pool refilled by the CSPRNG: a call per
 * tag (`getRandomValues` plus base64 by hand) cost more than the rest of building a response. Each
 * byte is handed out once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

function take(bytes: number): number {
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += bytes;
  return at;
}

/** `bytes` random octets as unpadded base64url — the same form as the kernel's `randomToken(bytes)`. */
export function randomToken(bytes: number): string {
  const at = take(bytes);
  return pool.toString('base64url', at, at + bytes);
}

/** Copies `bytes` random octets into `target` at `offset`. */
export function randomInto(target: Uint8Array, offset: number, bytes: number): void {
  const at = take(bytes);
  pool.copy(target, offset, at, at + bytes);
}
