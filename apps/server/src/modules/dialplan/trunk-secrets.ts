import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Queryable } from '@rexian/db';

const KEY_SETTING = 'pbx.trunkSecretKey';
const VERSION = 'v1';

/**
 * Trunk passwords must go to the carrier in digest answers, so unlike extension passwords they cannot be
 * hashed: they are encrypted with AES-256-GCM under a key kept in `settings`. A copied table (export,
 * backup of one table, a log of a row) then holds no usable password. The key is bound to the trunk's id
 * as additional data, so a ciphertext moved onto another row does not decrypt.
 */
export interface TrunkSecretBox {
  seal(trunkId: string, password: string): string;
  open(trunkId: string, sealed: string): string;
}

export function createTrunkSecretBox(keyHex: string): TrunkSecretBox {
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== 32) throw new Error('trunk secret key must be 32 bytes (64 hex characters)');
  const aad = (trunkId: string) => Buffer.from(`trunk:${trunkId}`, 'utf8');
  return {
    seal(trunkId, password) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(trunkId));
      const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
    },
    open(trunkId, sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
        throw new Error('unknown trunk secret format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(aad(trunkId));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The trunk-password key, created on first use and kept in `settings` (as `loadNonceSecret` keeps the SIP
 * nonce secret): the first writer wins and concurrent starters all read the winner's value.
 */
export async function loadTrunkSecretBox(db: Queryable): Promise<TrunkSecretBox> {
  await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    KEY_SETTING,
    JSON.stringify(randomBytes(32).toString('hex')),
  ]);
  const r = await db.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [KEY_SETTING]);
  const keyHex = r.rows[0]?.value;
  if (typeof keyHex !== 'string' || !/^[0-9a-f]{64}$/.test(keyHex))
    throw new Error(`settings ${KEY_SETTING} is missing or invalid`);
  return createTrunkSecretBox(keyHex);
}

/** Loads the box once per process and shares it (the key never changes once written). */
export function lazyTrunkSecretBox(db: Queryable): () => Promise<TrunkSecretBox> {
  let box: Promise<TrunkSecretBox> | undefined;
  return () => {
    box ??= loadTrunkSecretBox(db).catch((e: unknown) => {
      box = undefined;
      throw e;
    });
    return box;
  };
}
