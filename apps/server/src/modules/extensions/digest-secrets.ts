import { createHash, randomInt } from 'node:crypto';
import { agentPasswordProblem } from '@rexian/contracts';

/**
 * HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2), stored for MD5 (RFC 2617 phones) and
 * SHA-256 (RFC 7616/8760). The registrar verifies digest responses from these; the password itself is
 * never stored.
 */
export function digestHa1(username: string, realm: string, password: string) {
  const a1 = `${username}:${realm}:${password}`;
  return {
    md5: createHash('md5').update(a1).digest('hex'),
    sha256: createHash('sha256').update(a1).digest('hex'),
  };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random 20-character password that also satisfies the manual's agent/extension rule. */
export function generateExtensionPassword(length = 20): string {
  for (;;) {
    let p = '';
    for (let i = 0; i < length; i++) p += ALPHABET[randomInt(ALPHABET.length)];
    if (agentPasswordProblem(p) === null) return p;
  }
}
