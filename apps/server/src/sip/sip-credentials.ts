import { randomBytes } from 'node:crypto';
import type { Queryable } from '@rexian/db';
import type { DigestCredentialsPort } from '@rexian/sip';

/** How long a looked-up HA1 is reused: a changed password or a disabled extension applies within this. */
export const CREDENTIALS_TTL_MS = 2_000;

/**
 * The digest server's credentials port over the extensions table: only enabled extensions whose stored
 * realm is the one asked for (HA1 = H(user:realm:password) is useless under another realm), answered
 * with the stored HA1 values — the password itself is never stored (migration 0002). Answers are reused
 * for `CREDENTIALS_TTL_MS`: every call's INVITE and every re-REGISTER asks, and on the embedded database the
 * query was a measurable share of a call's CPU (docs/switch.md, "Benchmarks").
 */
export function createSipCredentials(db: Queryable, now: () => number = Date.now): DigestCredentialsPort {
  type Answer = { ha1: { MD5: string; 'SHA-256': string } } | undefined;
  const cache = new Map<string, { answer: Answer; until: number }>();
  return {
    async lookup(username, realm) {
      const key = `${username}\u0000${realm}`;
      const t = now();
      const hit = cache.get(key);
      if (hit && hit.until > t) return hit.answer;
      const r = await db.query<{ ha1_md5: string; ha1_sha256: string }>(
        'SELECT ha1_md5, ha1_sha256 FROM extensions WHERE number = $1 AND realm = $2 AND enabled',
        [username, realm],
      );
      const row = r.rows[0];
      const answer: Answer = row ? { ha1: { MD5: row.ha1_md5, 'SHA-256': row.ha1_sha256 } } : undefined;
      // Bounded: a scan of unknown user names must not grow the map without end.
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, { answer, until: t + CREDENTIALS_TTL_MS });
      return answer;
    },
  };
}

const NONCE_SECRET_KEY = 'sip.nonceSecret';

/**
 * The HMAC secret of the stateless digest nonces, kept in `settings` so that nonces issued before a
 * restart still verify after it (phones would otherwise see a burst of 401s at every restart). The
 * first server to start writes it; concurrent starters all read the winner's value.
 */
export async function loadNonceSecret(db: Queryable): Promise<string> {
  await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    NONCE_SECRET_KEY,
    JSON.stringify(randomBytes(32).toString('hex')),
  ]);
  const r = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [NONCE_SECRET_KEY]);
  const secret = r.rows[0]?.value;
  if (typeof secret !== 'string' || secret.length < 32) throw new Error('settings sip.nonceSecret is missing or invalid');
  return secret;
}
