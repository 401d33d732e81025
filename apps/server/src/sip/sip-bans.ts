import type { Config } from '@rexian/config';
import type { Clock, Logger } from '@rexian/kernel';
import { type Ban, type BanList, createBanList } from '@rexian/sip';
import { commaList } from './sip-transports.ts';

/** Failures are counted over this window (Fail2ban's default findtime is 10 minutes). */
const WINDOW_MS = 10 * 60_000;

/**
 * The SIP ban list of one server instance, built once by the composition root (`startRexian`) and handed
 * to both the SIP edge and the admin API.
 */
export function createSipBanList(deps: { config: Config; clock: Clock; log: Logger }): BanList {
  const c = deps.config.sip;
  return createBanList(
    {
      maxFailuresPerUser: c.banMaxFailures,
      maxFailuresPerSource: c.banMaxFailuresPerSource,
      windowMs: WINDOW_MS,
      banMs: c.banMinutes * 60_000,
      allowlist: commaList(c.allowlist),
    },
    deps.clock,
    deps.log,
  );
}

/** How many failures triggered a ban (the threshold it crossed). */
export function failuresOf(ban: Ban, config: Config): number {
  return ban.reason === 'user-failures' ? config.sip.banMaxFailures : config.sip.banMaxFailuresPerSource;
}
