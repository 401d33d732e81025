import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ApiKey, ApiKeyCreate, ApiKeyCreated } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import { AppError, type Clock } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import type { AuditService } from '../audit/audit.service.ts';

/** A key that passed every check: who it may call for. */
export interface VerifiedApiKey {
  id: string;
  name: string;
  scope: 'agent' | 'any-agent';
  agentId: string | null;
}

type Row = {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scope: 'agent' | 'any-agent';
  agent_id: string | null;
  agent_number: string | null;
  allowed_ips: string[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** `rxk_<8 hex digits>_<43-char secret>`: the prefix finds the row (and reads well in lists), the whole key is hashed. */
const KEY = /^rxk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;
/** `last_used_at` is written at most this often per key (a busy CRM must not write on every call). */
const TOUCH_MS = 60_000;

export const apiKeyErrors = {
  notFound: () => new AppError('API_KEY_NOT_FOUND', 'API key not found', { category: 'not_found' }),
  agentUnknown: () => new AppError('ACD_AGENT_NOT_FOUND', 'agent not found', { category: 'not_found' }),
};

function allowed(ips: readonly string[], address: string): boolean {
  if (ips.length === 0) return true;
  const list = new BlockList();
  for (const entry of ips) {
    const [ip = '', bits] = entry.split('/');
    const type = isIPv6(ip) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  return list.check(plain, isIPv6(plain) ? 'ipv6' : 'ipv4');
}

/**
 * API keys for third-party servers (docs/agent-sdk.md, "Click to call"): created by an admin and shown once,
 * stored as SHA-256 (keys are 32 random bytes, so a slow hash adds nothing), revocable, optionally limited
 * to source addresses and an expiry. Verification is constant-time on the hash.
 */
export function createApiKeysService(d: { db: Queryable; audit: AuditService; clock: Clock }) {
  const touched = new Map<string, number>();
  const select = `SELECT k.*, a.number AS agent_number FROM api_keys k LEFT JOIN agents a ON a.id = k.agent_id`;
  const dto = (r: Row): ApiKey => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scope: r.scope,
    agentId: r.agent_id,
    agentNumber: r.agent_number,
    allowedIps: r.allowed_ips,
    createdAt: (r.created_at as Date).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
  });

  return {
    async list(): Promise<ApiKey[]> {
      const r = await d.db.query<Row>(`${select} ORDER BY k.created_at DESC`);
      return r.rows.map(dto);
    },

    async create(actor: Actor, ip: string, input: ApiKeyCreate): Promise<ApiKeyCreated> {
      if (input.agentId) {
        const a = await d.db.query('SELECT 1 FROM agents WHERE id = $1', [input.agentId]);
        if (a.rows.length === 0) throw apiKeyErrors.agentUnknown();
      }
      const id = randomUUID();
      // An 8-hex-digit prefix (32 bits, unique by index) and a 32-byte secret.
      const prefix = randomBytes(4).toString('hex');
      const key = `rxk_${prefix}_${randomBytes(32).toString('base64url')}`;
      await d.db.query(
        `INSERT INTO api_keys (id, name, prefix, key_hash, scope, agent_id, allowed_ips, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, input.name, prefix, sha256(key), input.scope, input.agentId, input.allowedIps, actor.userId, input.expiresAt],
      );
      await d.audit.change(
        actor,
        ip,
        'api-key.create',
        { type: 'api-key', id },
        { name: input.name, scope: input.scope, prefix },
      );
      const r = await d.db.query<Row>(`${select} WHERE k.id = $1`, [id]);
      return { ...dto(r.rows[0] as Row), key };
    },

    async revoke(actor: Actor, ip: string, id: string): Promise<void> {
      const r = await d.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
        id,
      ]);
      if (r.rows.length === 0) {
        const exists = await d.db.query('SELECT 1 FROM api_keys WHERE id = $1', [id]);
        if (exists.rows.length === 0) throw apiKeyErrors.notFound();
        return; // already revoked
      }
      await d.audit.change(actor, ip, 'api-key.revoke', { type: 'api-key', id }, {});
    },

    /** The key's grant, or null: malformed, unknown, wrong secret, revoked, expired, or from a source not allowed. */
    async verify(key: string, ip: string): Promise<VerifiedApiKey | null> {
      const m = KEY.exec(key);
      if (!m) return null;
      const r = await d.db.query<Row>(`${select} WHERE k.prefix = $1`, [m[1]]);
      const row = r.rows[0];
      if (!row) return null;
      const expected = Buffer.from(row.key_hash, 'hex');
      const given = Buffer.from(sha256(key), 'hex');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const now = d.clock.now();
      if (row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now)) return null;
      if (!allowed(row.allowed_ips, ip)) return null;
      if (now - (touched.get(row.id) ?? 0) >= TOUCH_MS) {
        touched.set(row.id, now);
        await d.db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [row.id, new Date(now)]);
      }
      return { id: row.id, name: row.name, scope: row.scope, agentId: row.agent_id };
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
