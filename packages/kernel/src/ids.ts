// Web Crypto (`globalThis.crypto`) exists in Node 24 and in browsers, so the kernel — which the console and
// the agent SDK load through @rexian/contracts — pulls in no Node built-in.

/** A random UUID v4, for rows and entities. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** A URL-safe random token of `bytes` bytes of entropy (session ids, nonces, API keys). */
export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  let binary = '';
  for (const b of buf) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Monotonic sequence numbers for events inside one process. */
export function createSequence(start = 0): () => number {
  let n = start;
  return () => ++n;
}
