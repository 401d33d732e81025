import type { AcdEngine, AcdEvent, Actor, OverflowAction } from '@rexian/acd';
import { type Logger, TypedEmitter } from '@rexian/kernel';
import type { CallEvent, ChannelSnapshot, HangupCause } from '@rexian/switch';
import { type AgentLeg, AgentLegs } from './agent-legs.ts';
import type { AgentInfo, CtiRoutes, CtiSwitch, QueueEntry } from './cti-ports.ts';
import { ctiErrors } from './errors.ts';

/** What CTI tells the world about agents (the server turns these into the agents' WebSocket messages). */
export type CtiEvent =
  /** The agent's session changed (state, call); read it again with `session(agentId)`. */
  | { type: 'agent.changed'; agentId: string }
  /** Screen pop: the agent's phone rings for a customer. */
  | { type: 'agent.ringing'; agentId: string; leg: AgentLeg; customer: ChannelSnapshot }
  | { type: 'agent.answered'; agentId: string; leg: AgentLeg }
  | { type: 'agent.call-ended'; agentId: string; leg: AgentLeg; cause: HangupCause };

export type TransferDestination =
  | { kind: 'extension'; number: string }
  | { kind: 'agent'; agentNumber: string }
  | { kind: 'number'; number: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'ivr'; ivrId: string };

export interface CtiOptions {
  sw: CtiSwitch;
  acd: AcdEngine;
  log: Logger;
  routes: CtiRoutes;
  agentInfo(agentId: string): AgentInfo | undefined;
  agentByNumber(number: string): AgentInfo | undefined;
  /**
   * The prompt that announces an agent number to the caller on connect (a media name the switch can play),
   * for queues that announce it; undefined = no announcement.
   */
  agentNumberPrompt?(agentNumber: string): Promise<string | undefined>;
}

/** A caller waiting in a queue (or being offered to an agent). */
interface Waiting {
  callId: string;
  callerChannelId: string;
  entry: QueueEntry;
  done(): void;
}

const RINGING: readonly string[] = ['reserved', 'ringing'];

/**
 * CTI: binds the ACD's decisions to the switch's channels (docs/acd.md, "Contract with CTI"; docs/cti.md).
 * A queued caller is answered and hears music on hold; `call.offered` rings the agent's extension on the
 * same call; the agent's answer bridges the two; hang-ups, declines and time-outs are reported back to
 * the ACD. ACD events are handled on a microtask, never inside the engine's own emit (docs/acd.md).
 */
export function createCti(o: CtiOptions) {
  const { sw, acd, log } = o;
  const c = sw.controller;
  const legs = new AgentLegs();
  const waiting = new Map<string, Waiting>();
  const announce = new Map<string, string>();
  const events = new TypedEmitter<{ event: [CtiEvent] }>((error) => log.error({ error }, 'CTI event listener failed'));
  const emit = (e: CtiEvent) => events.emit('event', e);

  /** ACD commands whose refusal only means the ACD has moved on (a race with a time-out): logged, not thrown. */
  const tell = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      log.debug({ error, what }, 'ACD refused a report (it had moved on)');
    }
  };
  const live = (id: string) => {
    const ch = sw.model.findChannel(id);
    return ch && ch.state !== 'hung-up' ? ch : undefined;
  };
  const hangupQuietly = async (id: string, cause: HangupCause) => {
    if (live(id)) await c.hangup(id, cause).catch((error: unknown) => log.debug({ error, id }, 'hang-up raced'));
  };

  // ── switch → ACD ──

  const offSwitch = sw.bus.subscribe((e: CallEvent) => {
    if (e.type === 'channel.answered') {
      const leg = legs.ofChannel(e.channelId);
      if (leg && leg.answeredAt === null) {
        void connect(leg).catch((error: unknown) => log.error({ error, callId: leg.callId }, 'connecting the agent failed'));
      }
      return;
    }
    if (e.type !== 'channel.hungup') return;
    const leg = legs.ofChannel(e.channelId);
    if (leg) agentLegEnded(leg, e.cause);
    for (const w of waiting.values()) if (w.callerChannelId === e.channelId) callerLeft(w);
    for (const l of legs.withPartner(e.channelId)) {
      // The customer left while the agent's phone was still ringing: stop it.
      if (l.answeredAt === null) void hangupQuietly(l.channelId, 'cancelled');
    }
  });

  function agentLegEnded(leg: AgentLeg, cause: HangupCause) {
    legs.remove(leg.agentId);
    if (leg.answeredAt === null) {
      // Busy, declined, unreachable: the call keeps its place and goes to the next agent. A ring time-out or a
      // cancel of ours arrives after the ACD has already moved the agent, so there is nothing to report.
      const a = acd.agent(leg.agentId);
      if (a.callId === leg.callId && RINGING.includes(a.state)) tell('rejected', () => acd.rejected(leg.agentId, leg.callId));
    } else {
      tell('hungUp', () => acd.hungUp(leg.callId));
    }
    emit({ type: 'agent.call-ended', agentId: leg.agentId, leg, cause });
    emit({ type: 'agent.changed', agentId: leg.agentId });
  }

  function callerLeft(w: Waiting) {
    waiting.delete(w.callId);
    tell('hungUp', () => acd.hungUp(w.callId));
    w.done();
  }

  async function connect(leg: AgentLeg) {
    leg.answeredAt = sw.clock.now();
    const w = waiting.get(leg.callId);
    if (w) waiting.delete(leg.callId);
    tell('answered', () => acd.answered(leg.agentId, leg.callId));
    emit({ type: 'agent.answered', agentId: leg.agentId, leg });
    emit({ type: 'agent.changed', agentId: leg.agentId });
    try {
      const customer = live(leg.partnerId);
      if (!customer) {
        await hangupQuietly(leg.channelId, 'normal-clearing');
        return;
      }
      if (customer.state === 'on-hold') await c.unhold(customer.id);
      // The ACD's call.answered (handled on a microtask) says whether this queue announces the agent number.
      await Promise.resolve();
      const number = announce.get(leg.callId);
      announce.delete(leg.callId);
      if (number !== undefined && o.agentNumberPrompt) {
        const prompt = await o.agentNumberPrompt(number);
        if (prompt && live(customer.id)) await c.play(customer.id, [prompt]);
      }
      if (live(customer.id) && live(leg.channelId)) await join(customer, leg.channelId);
    } finally {
      w?.done();
    }
  }

  /** Puts the customer and a new party in one bridge, reusing the customer's bridge when it has one. */
  async function join(customer: ChannelSnapshot, channelId: string) {
    const now = sw.model.channel(customer.id);
    const bridgeId = now.bridgeId;
    if (bridgeId !== undefined && !sw.model.bridge(bridgeId).closed) await c.bridge([channelId], { bridgeId });
    else await c.bridge([customer.id, channelId]);
  }

  // ── ACD → switch ──

  const offAcd = acd.events.on('*', (e: AcdEvent) => {
    queueMicrotask(() => {
      onAcd(e).catch((error: unknown) => log.error({ error, type: e.type }, 'CTI reaction to an ACD event failed'));
    });
  });

  async function onAcd(e: AcdEvent) {
    switch (e.type) {
      case 'call.offered':
        return offer(e.callId, e.agentId, e.extension);
      case 'call.overflowed':
        return overflow(e.callId, e.action);
      case 'call.answered':
        if (e.announceAgentNumber !== undefined) announce.set(e.callId, e.announceAgentNumber);
        return;
      case 'call.queued': {
        const w = waiting.get(e.callId);
        if (w) w.entry = { ...w.entry, queueId: e.queueId };
        return;
      }
      case 'agent.state': {
        emit({ type: 'agent.changed', agentId: e.agentId });
        // Leaving ringing for anything but the answer (time-out, forced sign-out): stop the phone.
        if (RINGING.includes(e.from) && e.to !== 'ringing' && e.to !== 'talking') {
          const leg = legs.ofAgent(e.agentId);
          if (leg && leg.answeredAt === null) await hangupQuietly(leg.channelId, 'no-answer');
        }
        return;
      }
      default:
        return;
    }
  }

  async function offer(callId: string, agentId: string, extension: string) {
    const w = waiting.get(callId);
    const customer = w && live(w.callerChannelId);
    if (!w || !customer) return;
    let leg: ChannelSnapshot;
    try {
      leg = await c.originate({ callId, destination: extension, callerId: customer.caller, role: 'callee' });
    } catch (error) {
      log.warn({ error, callId, agentId, extension }, 'ringing the agent failed');
      tell('rejected', () => acd.rejected(agentId, callId));
      return;
    }
    const a = acd.agent(agentId);
    if (a.callId !== callId || !RINGING.includes(a.state) || !live(customer.id)) {
      await hangupQuietly(leg.id, 'cancelled');
      return;
    }
    const agentLeg: AgentLeg = {
      agentId,
      callId,
      channelId: leg.id,
      partnerId: customer.id,
      direction: 'inbound',
      queueId: w.entry.queueId,
      accessNumber: w.entry.accessNumber,
      answeredAt: null,
      startedAt: sw.clock.now(),
    };
    legs.add(agentLeg);
    tell('ringing', () => acd.ringing(agentId, callId));
    emit({ type: 'agent.ringing', agentId, leg: agentLeg, customer });
    // The leg may have failed while we were recording it.
    const now = sw.model.channel(leg.id);
    if (now.state === 'hung-up') agentLegEnded(agentLeg, now.cause ?? 'failed');
    else if (now.state === 'answered') await connect(agentLeg);
  }

  async function overflow(callId: string, action: OverflowAction) {
    // `queue` overflow happens inside the engine: the call waits on in the other queue (call.queued).
    if (action.kind === 'queue') return;
    const w = waiting.get(callId);
    if (!w) return;
    waiting.delete(callId);
    try {
      for (const l of legs.withPartner(w.callerChannelId))
        if (l.answeredAt === null) await hangupQuietly(l.channelId, 'cancelled');
      const customer = live(w.callerChannelId);
      if (!customer) return;
      if (customer.state === 'on-hold') await c.unhold(customer.id);
      const now = sw.model.channel(customer.id);
      if (action.kind === 'voicemail') await o.routes.voicemail(now, action.mailbox ?? '', w.entry.accessNumber);
      else if (action.kind === 'ivr') await o.routes.ivr(now, action.ivrId);
      else await hangupQuietly(customer.id, 'normal-clearing');
    } finally {
      w.done();
    }
  }

  // ── the queue application ──

  /**
   * Runs a caller in a queue until an agent has it (bridged), an overflow action took it, or it hung up.
   * The caller is answered if it was not yet, and hears music on hold while it waits.
   */
  async function queueCall(caller: ChannelSnapshot, entry: QueueEntry): Promise<void> {
    if (waiting.has(caller.callId)) throw ctiErrors.alreadyQueued(caller.callId);
    if (caller.state !== 'answered' && caller.state !== 'on-hold') await c.answer(caller.id);
    if (sw.model.channel(caller.id).state === 'answered') await c.hold(caller.id);
    const finished = new Promise<void>((resolve) => {
      waiting.set(caller.callId, { callId: caller.callId, callerChannelId: caller.id, entry, done: resolve });
    });
    try {
      const admitted = await acd.admit({
        id: caller.callId,
        caller: caller.caller,
        queueId: entry.queueId,
        ...(entry.vip === undefined ? {} : { vip: entry.vip }),
      });
      if (!admitted) callerLeftDuringLookup(caller.callId);
    } catch (error) {
      waiting.delete(caller.callId);
      throw error;
    }
    if (!live(caller.id)) {
      const w = waiting.get(caller.callId);
      if (w) callerLeft(w);
    }
    return finished;
  }

  function callerLeftDuringLookup(callId: string) {
    const w = waiting.get(callId);
    if (!w) return;
    waiting.delete(callId);
    w.done();
  }

  // ── agent commands ──

  const answeredLeg = (agentId: string) => {
    const leg = legs.ofAgent(agentId);
    if (!leg) throw ctiErrors.noCall(agentId);
    if (leg.answeredAt === null) throw ctiErrors.notAnswered(agentId);
    return leg;
  };

  return {
    events,
    queueCall,
    /** The agent's current call leg, if any. */
    legOf: (agentId: string): AgentLeg | undefined => legs.ofAgent(agentId),
    waitingCount: () => waiting.size,

    signIn(agentId: string, opts: { extension?: string; initial?: 'idle' | 'busy' }) {
      acd.signIn(agentId, opts);
    },
    signOut(agentId: string, by?: Actor) {
      acd.signOut(agentId, by);
    },
    setState(agentId: string, state: 'idle' | 'busy' | 'away' | 'outbound-only', reasonId?: string, by?: Actor) {
      if (state === 'idle') {
        if (acd.agent(agentId).state === 'wrap-up') acd.endWrapUp(agentId, 'idle');
        else acd.setIdle(agentId, by);
      } else if (state === 'busy') acd.setBusy(agentId, reasonId, by);
      else if (state === 'away') acd.setAway(agentId, by);
      else acd.setOutboundOnly(agentId, by);
    },

    /** Hangs up the agent's leg (ringing: declines the call, which goes to the next agent). */
    async hangup(agentId: string) {
      const leg = legs.ofAgent(agentId);
      if (!leg) throw ctiErrors.noCall(agentId);
      await c.hangup(leg.channelId, leg.answeredAt === null ? 'rejected' : 'normal-clearing');
    },

    /** The customer hears music on hold; the agent hears nothing. */
    async hold(agentId: string) {
      const leg = answeredLeg(agentId);
      if (sw.model.channel(leg.partnerId).state !== 'answered') throw ctiErrors.notOnHoldable(agentId);
      await c.hold(leg.partnerId);
      emit({ type: 'agent.changed', agentId });
    },
    async unhold(agentId: string) {
      const leg = answeredLeg(agentId);
      if (sw.model.channel(leg.partnerId).state !== 'on-hold') throw ctiErrors.notHeld(agentId);
      await c.unhold(leg.partnerId);
      emit({ type: 'agent.changed', agentId });
    },

    /**
     * Blind transfer (§3): the agent leaves at once (wrap-up follows), the customer hears music on hold
     * while the destination rings, and is connected when it answers. A queue or IVR takes the customer
     * over as if it had dialled in.
     */
    async transfer(agentId: string, to: TransferDestination) {
      const leg = answeredLeg(agentId);
      const customer = live(leg.partnerId);
      if (!customer) throw ctiErrors.noCall(agentId);
      const target = to.kind === 'agent' ? o.agentByNumber(to.agentNumber) : undefined;
      if (to.kind === 'agent' && !target?.boundExtension) throw ctiErrors.transferTargetUnknown(to.agentNumber);
      if (customer.state === 'answered') await c.hold(customer.id);
      // `transferred` keeps the two-party teardown from hanging up the customer with the agent.
      await c.hangup(leg.channelId, 'transferred');
      const held = sw.model.channel(customer.id);
      if (held.bridgeId !== undefined && !sw.model.bridge(held.bridgeId).closed) await c.unbridge(customer.id);
      if (to.kind === 'queue') {
        if (held.state === 'on-hold') await c.unhold(customer.id);
        void queueCall(sw.model.channel(customer.id), { queueId: to.queueId, accessNumber: leg.accessNumber }).catch(
          (error: unknown) => log.error({ error, callId: leg.callId }, 'transfer to a queue failed'),
        );
        return;
      }
      if (to.kind === 'ivr') {
        if (held.state === 'on-hold') await c.unhold(customer.id);
        void o.routes
          .ivr(sw.model.channel(customer.id), to.ivrId)
          .catch((error: unknown) => log.error({ error, callId: leg.callId }, 'transfer to an IVR failed'));
        return;
      }
      const next =
        to.kind === 'number'
          ? await o.routes.outbound(leg.callId, to.number, leg.accessNumber)
          : await c.originate({
              callId: leg.callId,
              destination: to.kind === 'agent' ? (target?.boundExtension as string) : to.number,
              callerId: customer.caller,
              role: 'transfer-target',
            });
      if (!next) {
        await hangupQuietly(customer.id, 'unallocated-number');
        throw ctiErrors.transferTargetUnknown(to.kind === 'number' ? to.number : '');
      }
      void handOver(customer.id, next.id);
    },

    stop() {
      offSwitch();
      offAcd();
    },
  };

  /** Connects the held customer to a ringing leg when it answers; if it never does, the customer is hung up. */
  async function handOver(customerId: string, legId: string) {
    const result = await new Promise<'answered' | HangupCause>((resolve) => {
      const check = () => {
        const leg = sw.model.channel(legId);
        if (leg.state === 'answered') return 'answered';
        if (leg.state === 'hung-up') return leg.cause ?? 'failed';
        if (!live(customerId)) return 'cancelled';
        return undefined;
      };
      const now = check();
      if (now) return resolve(now);
      const off = sw.bus.subscribe((e) => {
        if (e.type !== 'channel.answered' && e.type !== 'channel.hungup') return;
        if (e.channelId !== legId && e.channelId !== customerId) return;
        const r = check();
        if (r) {
          off();
          resolve(r);
        }
      });
    });
    if (result !== 'answered') {
      if (result === 'cancelled') await hangupQuietly(legId, 'cancelled');
      else await hangupQuietly(customerId, result);
      return;
    }
    const customer = live(customerId);
    if (!customer) return hangupQuietly(legId, 'normal-clearing');
    if (customer.state === 'on-hold') await c.unhold(customerId);
    await c.bridge([customerId, legId]);
  }
}
export type Cti = ReturnType<typeof createCti>;
