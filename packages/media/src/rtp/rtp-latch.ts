/**
 * Symmetric RTP (RFC 4961) with the RTP-bleed lesson applied. A phone behind NAT sends from a port
 * other than the one it put in SDP, so we "latch" to where its media really comes from — but only
 * from a host the signalling named. An RTP proxy that latches to any source lets an attacker on the
 * internet steal a call's audio by spraying packets at open ports (the 2017 "RTP bleed" advisories
 * for Asterisk and rtpproxy). Pure function: the socket adapter keeps the state and applies decisions.
 */

export interface Endpoint {
  address: string;
  port: number;
}

export interface LatchPolicy {
  /** Hosts the signalling vouches for: the SDP c= address and the SIP packet's source address. */
  allowedHosts: readonly string[];
  /** Where SDP says to send. */
  signalled: Endpoint;
  /**
   * After latching, a new source on an allowed host may take over only after the latched one has been
   * silent this long (the phone rebooted or its NAT binding changed). 0 forbids re-latching.
   */
  relatchAfterSilenceMs: number;
}

export interface LatchState {
  latched?: Endpoint;
  lastFromLatchedMs?: number;
}

export type LatchDecision =
  | { accept: true; state: LatchState; sendTo: Endpoint; relatched: boolean }
  | { accept: false; state: LatchState; reason: 'foreign-host' | 'not-latched-source' };

const same = (a: Endpoint, b: Endpoint): boolean => a.address === b.address && a.port === b.port;

/** Where to send before anything has been received. */
export function initialSendTo(policy: LatchPolicy, state: LatchState): Endpoint {
  return state.latched ?? policy.signalled;
}

export function decideLatch(policy: LatchPolicy, state: LatchState, source: Endpoint, nowMs: number): LatchDecision {
  const hostAllowed = policy.allowedHosts.includes(source.address) || source.address === policy.signalled.address;
  if (!hostAllowed) return { accept: false, state, reason: 'foreign-host' };
  const latched = state.latched;
  if (latched && same(latched, source)) {
    const next = { latched, lastFromLatchedMs: nowMs };
    return { accept: true, state: next, sendTo: latched, relatched: false };
  }
  if (latched) {
    const silentFor = nowMs - (state.lastFromLatchedMs ?? Number.NEGATIVE_INFINITY);
    if (policy.relatchAfterSilenceMs <= 0 || silentFor < policy.relatchAfterSilenceMs) {
      return { accept: false, state, reason: 'not-latched-source' };
    }
  }
  const next = { latched: { ...source }, lastFromLatchedMs: nowMs };
  return { accept: true, state: next, sendTo: next.latched, relatched: latched !== undefined };
}
