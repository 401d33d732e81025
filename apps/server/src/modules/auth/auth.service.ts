import type { Config } from '@rexian/config';
import { allPermissions, type Me, type Permission } from '@rexian/contracts';
import type { Clock } from '@rexian/kernel';
import { AppError, randomToken } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import { checkConsolePassword, dummyHash, hashPassword, verifyPassword } from '../../security/passwords.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashToken, type SessionsRepository, type SessionUserRow } from './sessions.repository.ts';

const TOUCH_EVERY_MS = 60_000;

export interface AuthDeps {
  config: Config;
  clock: Clock;
  users: UsersRepository;
  sessions: SessionsRepository;
  throttle: LoginThrottle;
  audit: AuditService;
}

export function createAuthService(d: AuthDeps) {
  const ttlMs = d.config.security.sessionTtlHours * 3_600_000;
  const invalid = () => new AppError('AUTH_INVALID_CREDENTIALS', 'invalid credentials', { category: 'unauthenticated' });

  function actorOf(row: SessionUserRow): Actor {
    const perms = row.is_admin
      ? allPermissions
      : (row.permissions ?? []).filter((p): p is Permission => allPermissions.includes(p));
    return {
      userId: row.user_id,
      username: row.username,
      employeeId: row.employee_id,
      isAdmin: row.is_admin,
      roleId: row.role_id,
      permissions: new Set(perms),
      dataScope: row.is_admin ? 'all' : (row.data_scope ?? 'self'),
      mustChangePassword: row.must_change_password,
      sessionHash: row.token_hash,
    };
  }

  return {
    async login(input: { username: string; password: string; ip: string; userAgent: string | null }) {
      const { username, password, ip } = input;
      try {
        await d.throttle.assertAllowed(username, ip);
      } catch (e) {
        await d.audit.record({
          userId: null,
          username,
          ip,
          action: 'auth.login',
          outcome: 'denied',
          details: { reason: (e as AppError).code },
        });
        throw e;
      }
      const user = await d.users.findByUsername(username);
      // Unknown users cost the same argon2 verification as wrong passwords: one answer, one timing.
      const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
      if (!user || !ok) {
        const lockedNow = await d.throttle.recordFailure(username);
        await d.audit.record({
          userId: user?.id ?? null,
          username,
          ip,
          action: 'auth.login',
          outcome: 'failed',
          details: { reason: 'invalid_credentials', ...(lockedNow ? { lockedNow: true } : {}) },
        });
        throw invalid();
      }
      if (user.locked) {
        await d.audit.record({
          userId: user.id,
          username: user.username,
          ip,
          action: 'auth.login',
          outcome: 'denied',
          details: { reason: 'user_locked' },
        });
        throw new AppError('AUTH_USER_LOCKED', 'user is locked', { category: 'forbidden' });
      }
      await d.throttle.recordSuccess(username);
      const token = randomToken(32);
      const now = d.clock.now();
      await d.sessions.create({
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt: new Date(now + ttlMs),
        ip,
        userAgent: input.userAgent,
      });
      await d.users.setLastLogin(user.id, new Date(now));
      await d.audit.record({ userId: user.id, username: user.username, ip, action: 'auth.login' });
      const row = await d.sessions.findLive(hashToken(token), new Date(now));
      if (!row) throw new AppError('INTERNAL_ERROR', 'session vanished', { kind: 'bug' });
      return { token, actor: actorOf(row) };
    },

    /** Resolves the cookie on every request; revoked/expired sessions and locked users get nothing. */
    async resolve(token: string): Promise<Actor | null> {
      if (!token || token.length > 200) return null;
      const now = d.clock.now();
      const row = await d.sessions.findLive(hashToken(token), new Date(now));
      if (!row) return null;
      if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
        await d.sessions.touch(row.token_hash, new Date(now), new Date(now + ttlMs));
      }
      return actorOf(row);
    },

    async logout(actor: Actor, ip: string | null) {
      await d.sessions.revoke(actor.sessionHash, new Date(d.clock.now()));
      await d.audit.record({ userId: actor.userId, username: actor.username, ip, action: 'auth.logout' });
    },

    async changePassword(actor: Actor, ip: string | null, current: string, next: string) {
      const user = await d.users.findById(actor.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'user not found', { category: 'not_found' });
      if (!(await verifyPassword(user.password_hash, current))) {
        await d.audit.record({ userId: user.id, username: user.username, ip, action: 'auth.password_change', outcome: 'failed' });
        throw new AppError('AUTH_WRONG_CURRENT_PASSWORD', 'wrong current password', { category: 'invalid' });
      }
      checkConsolePassword(next, user.username);
      if (next === current) throw new AppError('PASSWORD_SAME_AS_OLD', 'same password');
      await d.users.setPassword(user.id, await hashPassword(next), false);
      // Other sessions of this user end; the one that changed the password stays.
      await d.sessions.revokeAllOf(user.id, new Date(d.clock.now()), actor.sessionHash);
      await d.audit.record({ userId: user.id, username: user.username, ip, action: 'auth.password_change' });
    },

    async me(actor: Actor): Promise<Me> {
      const user = await d.users.findById(actor.userId);
      if (!user) throw new AppError('AUTH_REQUIRED', 'no user', { category: 'unauthenticated' });
      return {
        id: user.id,
        username: user.username,
        isAdmin: user.is_admin,
        mustChangePassword: user.must_change_password,
        employee: user.employee_id
          ? { id: user.employee_id, code: user.employee_code ?? '', name: user.employee_name ?? '' }
          : null,
        role: user.role_id ? { id: user.role_id, name: user.role_name ?? '' } : null,
        permissions: [...actor.permissions].sort(),
        dataScope: actor.dataScope,
      };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
