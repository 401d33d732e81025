import { createHash } from 'node:crypto';
import type { DataScope, Permission } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export type SessionUserRow = {
  token_hash: string;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  username: string;
  employee_id: string | null;
  is_admin: boolean;
  locked: boolean;
  must_change_password: boolean;
  role_id: string | null;
  permissions: Permission[] | null;
  data_scope: DataScope | null;
};

export function createSessionsRepository(db: Queryable) {
  return {
    async create(s: { tokenHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null }) {
      await db.query('INSERT INTO sessions (token_hash, user_id, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5)', [
        s.tokenHash,
        s.userId,
        s.expiresAt,
        s.ip,
        s.userAgent?.slice(0, 300) ?? null,
      ]);
    },

    /** A live session with its user and role, or nothing (expired, revoked, user locked). */
    async findLive(tokenHash: string, now: Date): Promise<SessionUserRow | undefined> {
      const r = await db.query<SessionUserRow>(
        `SELECT s.token_hash, s.expires_at, s.last_seen_at, u.id AS user_id, u.username, u.employee_id, u.is_admin,
                u.locked, u.must_change_password, u.role_id, r.permissions, r.data_scope
           FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN roles r ON r.id = u.role_id
          WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.locked`,
        [tokenHash, now],
      );
      return r.rows[0];
    },

    async touch(tokenHash: string, now: Date, expiresAt: Date) {
      await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [tokenHash, now, expiresAt]);
    },

    async revoke(tokenHash: string, now: Date) {
      await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now]);
    },

    /** Ends every session of a user at once (locked, deleted, password reset, role change). */
    async revokeAllOf(userId: string, now: Date, exceptTokenHash?: string) {
      await db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3', [
        userId,
        now,
        exceptTokenHash ?? '',
      ]);
    },

    async purgeExpired(now: Date) {
      await db.query("DELETE FROM sessions WHERE expires_at < $1 - interval '7 days'", [now]);
    },
  };
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
