import { BlockList, isIP } from 'node:net';
import type { Clock, Logger } from '@rexian/kernel';
import { nullLogger } from '@rexian/kernel';

/**
 * Failed-authentication counting and bans (issue 3 item 7). Pure logic over an injected clock: the
 * SIP edge calls `recordFailure` for every wrong digest answer (never for the first, expected 401),
 * asks `isBanned` before doing any work for a source, and the admin API lists and lifts bans.
 */
export interface BanPolicy {
  /** Failures of one user from one address within the window before the address is banned. */
  readonly maxFailuresPerUser: number;
  /** Failures from one address (any users) within the window before it is banned. */
  readonly maxFailuresPerSource: number;
  readonly windowMs: number;
  readonly banMs: number;
  /** Addresses or CIDR blocks never banned (office NAT, trunks), e.g. "203.0.113.0/24". */
  readonly allowlist?: readonly string[];
}

export interface Ban {
  readonly source: string;
  readonly since: number;
  readonly until: number;
  readonly reason: 'user-failures' | 'source-failures';
  readonly user: string | null;
}

export interface BanList {
  recordFailure(source: string, user: string | null): Ban | null;
  recordSuccess(source: string, user: string): void;
  isBanned(source: string): boolean;
  isAllowlisted(source: string): boolean;
  list(): Ban[];
  lift(source: string): boolean;
}

const MAX_TRACKED = 100_000;

export function createBanList(policy: BanPolicy, clock: Clock, logger: Logger = nullLogger): BanList {
  const allow = new BlockList();
  for (const entry of policy.allowlist ?? []) {
    const [addr, bits] = entry.split('/');
    const family = isIP(addr ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) allow.addAddress(addr ?? '', family);
    else allow.addSubnet(addr ?? '', Number(bits), family);
  }
  const failures = new Map<string, number[]>();
  const bans = new Map<string, Ban>();

  const allowed = (source: string): boolean => {
    const family = isIP(source);
    return family !== 0 && allow.check(source, family === 6 ? 'ipv6' : 'ipv4');
  };

  function bump(key: string, now: number): number {
    const list = (failures.get(key) ?? []).filter((t) => now - t < policy.windowMs);
    list.push(now);
    failures.delete(key);
    failures.set(key, list);
    // Bounded memory under a flood of sources: forget the least recently failing key.
    if (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value as string);
    return list.length;
  }

  function active(source: string, now: number): Ban | undefined {
    const b = bans.get(source);
    if (b && b.until <= now) {
      bans.delete(source);
      logger.info({ source }, 'sip ban expired');
      return undefined;
    }
    return b;
  }

  return {
    recordFailure(source, user) {
      const now = clock.now();
      if (allowed(source)) {
        logger.debug({ source, user }, 'auth failure from allowlisted source (never banned)');
        return null;
      }
      const perSource = bump(`s|${source}`, now);
      const perUser = user === null ? 0 : bump(`u|${source}|${user}`, now);
      if (active(source, now)) return null;
      let reason: Ban['reason'] | null = null;
      if (user !== null && perUser >= policy.maxFailuresPerUser) reason = 'user-failures';
      else if (perSource >= policy.maxFailuresPerSource) reason = 'source-failures';
      if (reason === null) return null;
      const ban: Ban = { source, since: now, until: now + policy.banMs, reason, user };
      bans.set(source, ban);
      logger.warn({ ...ban }, 'sip source banned after failed authentication');
      return ban;
    },
    recordSuccess(source, user) {
      failures.delete(`u|${source}|${user}`);
    },
    isBanned: (source) => active(source, clock.now()) !== undefined,
    isAllowlisted: allowed,
    list() {
      const now = clock.now();
      return [...bans.keys()].map((s) => active(s, now)).filter((b): b is Ban => b !== undefined);
    },
    lift(source) {
      const had = bans.delete(source);
      failures.delete(`s|${source}`);
      for (const k of failures.keys()) if (k.startsWith(`u|${source}|`)) failures.delete(k);
      if (had) logger.info({ source }, 'sip ban lifted by admin');
      return had;
    },
  };
}
