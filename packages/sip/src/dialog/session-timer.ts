import type { Clock, TimerHandle } from '@rexian/kernel';
import { parseBoundedInt } from '../message/chars.ts';
import { parseHeaderParams } from '../message/header-values.ts';
import { getHeader, getOptionTags } from '../message/headers.ts';
import type { SipHeader, SipRequest } from '../message/types.ts';

/** RFC 4028 session timers, as pure decisions; the dialog owner runs the timers on its clock. */
export type Refresher = 'uac' | 'uas';

export interface SessionExpires {
  readonly interval: number;
  readonly refresher: Refresher | null;
}

/** `Session-Expires: delta-seconds [;refresher=uac|uas]` (§4). */
export function parseSessionExpires(value: string): SessionExpires | null {
  const m = /^[ \t]*([0-9]{1,10})[ \t]*(;[\s\S]*)?$/.exec(value);
  if (!m) return null;
  const interval = parseBoundedInt(m[1] as string, 2 ** 32 - 1);
  const params = parseHeaderParams(m[2] ?? '', 0);
  if (interval < 1 || params === null) return null;
  const r = params.find((p) => p.name.toLowerCase() === 'refresher')?.value?.toLowerCase();
  return { interval, refresher: r === 'uac' || r === 'uas' ? r : null };
}

export interface SessionTimerPolicy {
  /** Our Min-SE: shortest interval we accept (RFC 4028 §4: at least 90 s). */
  readonly minSE: number;
  /** Interval we use when the request asks for none or for longer than this. */
  readonly preferred: number;
}

export const defaultSessionTimerPolicy: SessionTimerPolicy = { minSE: 90, preferred: 1800 };

export type SessionTimerDecision =
  | { readonly kind: 'reject'; readonly status: 422; readonly headers: SipHeader[] }
  | { readonly kind: 'accept'; readonly interval: number; readonly refresher: Refresher; readonly headers: SipHeader[] };

/**
 * UAS side of §9 for an initial INVITE (or a refresh): too short → 422 with our Min-SE; otherwise the
 * interval (lowered to our preference, never below the request's Min-SE) and who refreshes. When the
 * UAC does not support "timer" we refresh ourselves and do not Require it in the answer.
 */
export function decideSessionTimer(
  request: SipRequest,
  policy: SessionTimerPolicy = defaultSessionTimerPolicy,
): SessionTimerDecision {
  const uacSupports =
    getOptionTags(request, 'Supported').includes('timer') || getOptionTags(request, 'Require').includes('timer');
  const se = parseSessionExpires(getHeader(request, 'Session-Expires') ?? '');
  const theirMin = parseBoundedInt((getHeader(request, 'Min-SE') ?? '').trim(), 2 ** 32 - 1);
  if (se && se.interval < policy.minSE) {
    return { kind: 'reject', status: 422, headers: [{ name: 'Min-SE', value: String(policy.minSE) }] };
  }
  const floor = Math.max(policy.minSE, theirMin > 0 ? theirMin : 0);
  const interval = Math.max(floor, Math.min(se?.interval ?? policy.preferred, policy.preferred));
  const refresher: Refresher = uacSupports ? (se?.refresher ?? 'uac') : 'uas';
  const headers: SipHeader[] = [{ name: 'Session-Expires', value: `${interval};refresher=${refresher}` }];
  if (uacSupports) headers.push({ name: 'Require', value: 'timer' });
  return { kind: 'accept', interval, refresher, headers };
}

/** §10: the refresher refreshes at half the interval; the other side gives up at interval − min(32, interval/3). */
export function sessionTimerDeadlines(interval: number): { refreshAtMs: number; expireAtMs: number } {
  return { refreshAtMs: (interval * 1000) / 2, expireAtMs: (interval - Math.min(32, interval / 3)) * 1000 };
}

export interface SessionTimerOptions {
  readonly clock: Clock;
  readonly interval: number;
  /** Whether this side is the refresher the negotiation chose. */
  readonly weRefresh: boolean;
  /** Send the refresh (re-INVITE or UPDATE); call `refreshed()` when its 2xx arrives. */
  readonly onRefresh: () => void;
  /** No refresh seen in time: end the session with BYE (§10). */
  readonly onExpire: () => void;
}

/**
 * The running half of RFC 4028 §10 for one dialog: the refresher refreshes at half the interval,
 * and either side ends the session if no refresh succeeded before interval − min(32, interval/3).
 */
export function createSessionTimer(o: SessionTimerOptions) {
  let refreshHandle: TimerHandle | undefined;
  let expireHandle: TimerHandle | undefined;
  let running = false;
  const arm = () => {
    const { refreshAtMs, expireAtMs } = sessionTimerDeadlines(o.interval);
    o.clock.clearTimeout(refreshHandle);
    o.clock.clearTimeout(expireHandle);
    if (o.weRefresh) refreshHandle = o.clock.setTimeout(() => running && o.onRefresh(), refreshAtMs);
    expireHandle = o.clock.setTimeout(() => {
      if (!running) return;
      running = false;
      o.onExpire();
    }, expireAtMs);
  };
  return {
    start(): void {
      running = true;
      arm();
    },
    /** A refresh (ours answered 2xx, or the peer's received) restarts both deadlines. */
    refreshed(): void {
      if (running) arm();
    },
    stop(): void {
      running = false;
      o.clock.clearTimeout(refreshHandle);
      o.clock.clearTimeout(expireHandle);
    },
  };
}
