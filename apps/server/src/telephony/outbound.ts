import type { Logger } from '@rexian/kernel';
import type { TransportProtocol, UacFailure } from '@rexian/sip';
import { createDigestClient } from '@rexian/sip';
import {
  type AccessNumber,
  type ChannelSnapshot,
  chooseCallerId,
  failoverAction,
  type HangupCause,
  type IncomingRoute,
  type LegRole,
  type RouteMatch,
  type SipSwitch,
  type SipTarget,
  selectOutboundRoute,
  type TrunkAttemptOutcome,
  trunkCandidates,
} from '@rexian/switch';
import type { DialplanSnapshot, TrunkRecord } from '../modules/dialplan/dialplan.repository.ts';
import { waitForOutcome } from './leg-outcome.ts';

/** How long a carrier may ring the far end before we give up (phones ring longer outside than inside). */
const OUTBOUND_RING_SECONDS = 60;

/**
 * Why each outbound leg failed, as SIP told it (the call model keeps only the hang-up cause, which loses
 * the difference between a 503 from the carrier and a 486 from the callee). Fed by the switch's
 * `onOutboundFailed`, read once by the failover loop.
 */
export function createTrunkAttempts() {
  const outcomes = new Map<string, TrunkAttemptOutcome>();
  return {
    record(channelId: string, failure: UacFailure): void {
      outcomes.set(
        channelId,
        failure === 'timeout' || failure === 'transport-error' ? { kind: failure } : { kind: 'final', status: failure.status },
      );
    },
    take(channelId: string): TrunkAttemptOutcome | undefined {
      const o = outcomes.get(channelId);
      outcomes.delete(channelId);
      return o;
    },
  };
}
export type TrunkAttempts = ReturnType<typeof createTrunkAttempts>;

/** Live legs per trunk (both directions): the channel limit and the console's activeChannels. */
export function activeChannelsByTrunk(sw: SipSwitch): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of sw.model.listChannels()) {
    if (c.trunkId === undefined || c.state === 'hung-up') continue;
    out[c.trunkId] = (out[c.trunkId] ?? 0) + 1;
  }
  return out;
}

const PROTOCOL: Record<TrunkRecord['transport'], TransportProtocol> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

/**
 * Where an outbound leg through `trunk` goes: the carrier's host:port, with digest credentials for a
 * register-mode trunk. The realm is the trunk's configured realm, else its host (the digest client refuses
 * any other realm, so a carrier cannot harvest a digest for a realm of its choosing).
 */
export function trunkTarget(trunk: TrunkRecord, number: string): SipTarget {
  const protocol = PROTOCOL[trunk.transport];
  const transport = protocol === 'UDP' ? '' : `;transport=${trunk.transport}`;
  const target: SipTarget = {
    uri: `sip:${number}@${trunk.host}:${trunk.port}${transport}`,
    next: { protocol, address: trunk.host, port: trunk.port },
    trunkId: trunk.id,
    fromHost: trunk.host,
  };
  if (trunk.authMode === 'register' && trunk.username && trunk.password) {
    target.digest = createDigestClient([
      { realm: trunk.realm ?? trunk.host, username: trunk.username, password: trunk.password },
    ]);
  }
  return target;
}

export interface OutboundDeps {
  sw: () => SipSwitch;
  attempts: TrunkAttempts;
  log?: Logger;
}

/**
 * The outbound route for a number an extension dialled, or undefined when no route matches (the dial
 * plan then answers 404). Caller ID comes from the route's access number (§4.6.9; else the first out/both
 * one, else the trunk's own caller ID).
 */
export function planOutbound(d: OutboundDeps, plan: DialplanSnapshot, dialled: string): IncomingRoute | undefined {
  let match: RouteMatch;
  try {
    match = selectOutboundRoute(plan.routes, dialled);
  } catch {
    return undefined;
  }
  let access: AccessNumber | undefined;
  try {
    access = chooseCallerId({ route: match.route, accessNumbers: plan.accessNumbers });
  } catch {
    access = undefined;
  }
  return {
    callType: 'manual-outbound',
    ...(access ? { accessNumber: access.number } : {}),
    run: (channel) => connectThroughTrunks(d, channel, match, plan.trunks, access?.number),
  };
}

/**
 * One outbound leg on an existing call (CTI: transfer to an outside number, click to dial): the route for
 * the number, its first trunk with a free channel, the caller ID from `callerId` (an access number) or the
 * route's. Null when no route or trunk can take it. No failover here: the agent sees the failure and retries.
 */
export async function originateOutbound(
  d: OutboundDeps,
  plan: DialplanSnapshot,
  request: { callId: string; number: string; callerId: string | null; role?: LegRole },
): Promise<ChannelSnapshot | null> {
  let match: RouteMatch;
  try {
    match = selectOutboundRoute(plan.routes, request.number);
  } catch {
    return null;
  }
  const sw = d.sw();
  const [trunk] = trunkCandidates({
    route: match.route,
    trunks: plan.trunks,
    activeChannels: activeChannelsByTrunk(sw),
    tried: [],
  });
  if (!trunk) return null;
  let access: AccessNumber | undefined;
  try {
    access = chooseCallerId({ route: match.route, accessNumbers: plan.accessNumbers });
  } catch {
    access = undefined;
  }
  return sw.controller.originate({
    callId: request.callId,
    destination: match.dialString,
    callerId: request.callerId ?? access?.number ?? (trunk as TrunkRecord).callerId ?? '',
    trunkId: trunk.id,
    ...(request.role === undefined ? {} : { role: request.role }),
  });
}

/**
 * Early media (RFC 3960 §3.1, the gateway model): a carrier's leg sent SDP in a 180/183 before answering, so
 * the caller gets a 183 with our answer and the two legs are bridged — the caller hears the carrier's
 * ring-back or announcement instead of silence. The caller is kept alone while it lasts: if the carrier then
 * fails, the next trunk may still take the call (the answered call gives that up again).
 */
async function earlyBridge(sw: SipSwitch, callerId: string, calleeId: string): Promise<void> {
  if (!(await sw.earlyMedia(callerId))) return;
  const caller = sw.model.findChannel(callerId);
  const callee = sw.model.findChannel(calleeId);
  if (!caller || !callee || caller.state === 'hung-up' || callee.state === 'hung-up') return;
  if (caller.bridgeId !== undefined || callee.bridgeId !== undefined) return;
  sw.keepAlone(callerId);
  await sw.controller.bridge([callerId, calleeId]);
}

/**
 * Tries the route's trunks in order: each attempt is an outbound leg to the carrier; a 5xx, 408, time-out
 * or transport error moves on to the next trunk (`failoverAction`), any other failure is the callee's
 * answer and ends the call with it. A trunk at its channel limit is skipped; with none left the caller
 * gets congestion.
 */
async function connectThroughTrunks(
  d: OutboundDeps,
  caller: ChannelSnapshot,
  match: RouteMatch,
  trunks: readonly TrunkRecord[],
  accessNumber: string | undefined,
): Promise<void> {
  const sw = d.sw();
  const c = sw.controller;
  const tried: string[] = [];
  let lastCause: HangupCause = 'congestion';
  let calleeId: string | undefined;
  /** The caller's early-media set-up in progress (answering must not race it). */
  let early: Promise<void> | undefined;
  const off = sw.bus.subscribe((e) => {
    if (e.type === 'channel.ringing' && e.channelId === calleeId) sw.ring(caller.id);
    if (e.type === 'channel.early-media' && e.channelId === calleeId) {
      early = earlyBridge(sw, caller.id, e.channelId).catch((error: unknown) =>
        d.log?.warn({ error, channel: caller.id }, 'early media from the carrier could not reach the caller'),
      );
    }
    if (e.type === 'channel.hungup' && e.channelId === caller.id && calleeId !== undefined) {
      const callee = sw.model.findChannel(calleeId);
      if (callee && callee.state !== 'hung-up') void c.hangup(calleeId, 'cancelled').catch(() => {});
    }
  });
  const callerGone = () => {
    const now = sw.model.findChannel(caller.id);
    return !now || now.state === 'hung-up';
  };
  try {
    for (;;) {
      if (callerGone()) return;
      const [trunk] = trunkCandidates({ route: match.route, trunks, activeChannels: activeChannelsByTrunk(sw), tried });
      if (!trunk) break;
      tried.push(trunk.id);
      const record = trunk as TrunkRecord;
      const leg = await c.originate({
        callId: caller.callId,
        destination: match.dialString,
        callerId: accessNumber ?? record.callerId ?? caller.caller,
        trunkId: trunk.id,
      });
      calleeId = leg.id;
      const result = await waitForOutcome(sw, leg.id, OUTBOUND_RING_SECONDS * 1000);
      if (callerGone()) return;
      await early;
      early = undefined;
      if (result.answered) {
        // A caller sent on by an IVR is already answered.
        if (sw.model.findChannel(caller.id)?.state !== 'answered') await c.answer(caller.id);
        sw.keepAlone(caller.id, false);
        const bridged = sw.model.findChannel(caller.id)?.bridgeId;
        if (bridged === undefined || bridged !== sw.model.findChannel(leg.id)?.bridgeId) {
          if (bridged !== undefined) await c.unbridge(caller.id);
          await c.bridge([caller.id, leg.id]);
        }
        return;
      }
      // A carrier that gave early media and then failed left the caller alone in the early bridge.
      if (sw.model.findChannel(caller.id)?.bridgeId !== undefined && !callerGone()) await c.unbridge(caller.id);
      lastCause = result.cause;
      const outcome = d.attempts.take(leg.id);
      if (!outcome || failoverAction(outcome) !== 'next-trunk') break;
    }
    await c.hangup(caller.id, lastCause);
  } finally {
    off();
  }
}
