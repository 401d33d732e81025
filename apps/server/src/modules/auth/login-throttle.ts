import type { Queryable } from '@rexian/db';
import type { Clock } from '@rexian/kernel';
import { AppError } from '@rexian/kernel';

/**
 * Two guards against password guessing:
 * - per user name (known or not, so answers never reveal which names exist): after `maxFailures`
 *   failures inside the lock window the name is locked for `lockMinutes`; kept in the database so a
 *   restart does not reset it;
 * - per source address: a sliding one-minute budget of attempts, in memory.
 */
export interface LoginThrottleOptions {
  db: Queryable;
  clock: Clock;
  maxFailures: number;
  lockMinutes: number;
  ratePerMinute: number;
}

export function createLoginThrottle(o: LoginThrottleOptions) {
  const perIp = new Map<string, number[]>();
  const lockMs = o.lockMinutes * 60_000;
  const key = (username: string) => username.trim().toLowerCase();

  return {
    /** Refuses the attempt before any password is checked. */
    async assertAllowed(username: string, ip: string): Promise<void> {
      const now = o.clock.now();
      const recent = (perIp.get(ip) ?? []).filter((t) => now - t < 60_000);
      recent.push(now);
      perIp.set(ip, recent);
      if (perIp.size > 50_000) perIp.clear(); // bounded memory under a spray of addresses
      if (recent.length > o.ratePerMinute) {
        throw new AppError('RATE_LIMITED', 'too many login attempts from this address', { category: 'rate_limited' });
      }
      const r = await o.db.query<{ locked_until: Date | null }>('SELECT locked_until FROM login_throttle WHERE username = $1', [
        key(username),
      ]);
      const until = r.rows[0]?.locked_until;
      if (until && until.getTime() > now) {
        throw new AppError('AUTH_TEMPORARILY_LOCKED', 'temporarily locked', {
          category: 'forbidden',
          details: { minutes: Math.max(1, Math.ceil((until.getTime() - now) / 60_000)) },
        });
      }
    },

    /** Counts a failure; returns true when this failure locked the name. */
    async recordFailure(username: string): Promise<boolean> {
      const now = new Date(o.clock.now());
      const windowStart = new Date(o.clock.now() - lockMs);
      const r = await o.db.query<{ failures: number }>(
        `INSERT INTO login_throttle (username, failures, window_start) VALUES ($1, 1, $2)
         ON CONFLICT (username) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
           window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END
         RETURNING failures`,
        [key(username), now, windowStart],
      );
      const failures = r.rows[0]?.failures ?? 0;
      if (failures >= o.maxFailures) {
        await o.db.query('UPDATE login_throttle SET locked_until = $2, failures = 0 WHERE username = $1', [
          key(username),
          new Date(o.clock.now() + lockMs),
        ]);
        return true;
      }
      return false;
    },

    async recordSuccess(username: string): Promise<void> {
      await o.db.query('DELETE FROM login_throttle WHERE username = $1', [key(username)]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
