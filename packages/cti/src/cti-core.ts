import type { AcdEngine, AcdEvent, Actor, OverflowAction } from '@rexian/acd';
import { type Logger, newId, TypedEmitter } from '@rexian/kernel';
import type { CallEvent, ChannelSnapshot, HangupCause } from '@rexian/switch';
import { type AgentLeg, AgentLegs } from './agent-legs.ts';
import type { AgentInfo, CtiRoutes, CtiSwitch, QueueEntry, SurveyPort } from './cti-ports.ts';
import { ctiErrors } from './errors.ts';

/** What CTI tells the world about agents (the server turns these into the agents' WebSocket messages). */
export type CtiEvent =
  /** The agent's session changed (state, call); read it again with `session(agentId)`. */
  | { type: 'agent.changed'; agentId: string }
  /** Screen pop: the agent's phone rings for a customer. */
  | { type: 'agent.ringing'; agentId: string; leg: AgentLeg; customer: ChannelSnapshot }
  | { type: 'agent.answered'; agentId: string; leg: AgentLeg }
  | { type: 'agent.call-ended'; agentId: string; leg: AgentLeg; cause: HangupCause }
  /** The customer rated the agent's call (digit null: no key pressed). */
  | { type: 'agent.rated'; agentId: string; callId: string; digit: string | null };

/** Who an agent can consult, add to a conference, or call (an outside number goes through the outbound routes). */
export type PartyDestination =
  | { kind: 'extension'; number: string }
  | { kind: 'agent'; agentNumber: string }
  | { kind: 'number'; number: string };

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
  /** The prompt telling a waiting caller its place (queues that announce the position); undefined = none. */
  positionPrompt?(position: number): Promise<string | undefined>;
  /** The satisfaction survey (rating); without it `rate` is refused. */
  survey?: SurveyPort;
}

/** A caller waiting in a queue (or being offered to an agent). */
interface Waiting {
  callId: string;
  callerChannelId: string;
  entry: QueueEntry;
  done(): void;
}

const RINGING: readonly string[] = ['reserved', 'ringing'];
/** States from which an agent's ordinary call makes the ACD see it talking (the ACD's outbound rule). */
const ORDINARY_FROM: readonly string[] = ['idle', 'busy', 'outbound-only', 'wrap-up'];

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
      if (leg && leg.answeredAt === null && leg.direction === 'inbound') {
        void connect(leg).catch((error: unknown) => log.error({ error, callId: leg.callId }, 'connecting the agent failed'));
      } else if (!leg) ordinaryCallAnswered(e.channelId);
      return;
    }
    if (e.type === 'transfer.cancelled') {
      // The consulted party was busy, did not answer or hung up: the switch put the agent back with the
      // customer (or cancelConsult did, and has already cleared it).
      const leg = legs.consulting(e.transferId);
      if (leg) {
        leg.consult = undefined;
        emit({ type: 'agent.changed', agentId: leg.agentId });
      }
      return;
    }
    if (e.type !== 'channel.hungup') return;
    ordinaryCallEnded(e.channelId);
    const leg = legs.ofChannel(e.channelId);
    if (leg) agentLegEnded(leg, e.cause);
    for (const w of waiting.values()) if (w.callerChannelId === e.channelId) callerLeft(w);
    for (const l of legs.withPartner(e.channelId)) {
      // The customer left while the agent's phone was still ringing: stop it.
      if (l.answeredAt === null) void hangupQuietly(l.channelId, 'cancelled');
    }
  });

  /**
   * A signed-in agent's phone on an ordinary call (an internal call, a call dialled from the phone, not one
   * CTI placed): the ACD counts the agent as talking, so no queue call is offered to a busy phone; at the
   * end the agent returns to the state it had (no wrap-up for a call that was not a customer's).
   */
  const ordinary = new Map<string, { agentId: string; acdCallId: string }>();
  /** Signed-in agents by extension, kept from the ACD's state events (every answered leg looks here). */
  const byExtension = new Map<string, string>();
  const indexAgent = (agentId: string) => {
    for (const [ext, id] of byExtension) if (id === agentId) byExtension.delete(ext);
    let a: ReturnType<typeof acd.agent>;
    try {
      a = acd.agent(agentId);
    } catch {
      return; // removed from the configuration
    }
    if (a.state !== 'signed-out' && a.extension) byExtension.set(a.extension, agentId);
  };
  for (const a of acd.agents()) if (a.state !== 'signed-out' && a.extension) byExtension.set(a.extension, a.id);
  function ordinaryCallAnswered(channelId: string) {
    const ch = sw.model.findChannel(channelId);
    if (!ch || legs.hasCall(ch.callId) || waiting.has(ch.callId)) return;
    const extension = ch.direction === 'inbound' ? ch.caller : ch.callee;
    const agentId = byExtension.get(extension);
    const agent = agentId === undefined ? undefined : acd.agent(agentId);
    if (!agent || agent.extension !== extension || !ORDINARY_FROM.includes(agent.state)) return;
    // One ACD call per agent: both ends of an internal call may be agents.
    const acdCallId = `${ch.callId}:${agent.id}`;
    tell('outboundStarted', () => acd.outboundStarted(agent.id, acdCallId, ch.direction === 'inbound' ? ch.callee : ch.caller));
    ordinary.set(channelId, { agentId: agent.id, acdCallId });
  }
  function ordinaryCallEnded(channelId: string) {
    const o = ordinary.get(channelId);
    if (!o) return;
    ordinary.delete(channelId);
    tell('hungUp', () => acd.hungUp(o.acdCallId));
    if (acd.agent(o.agentId).state === 'wrap-up') tell('endWrapUp', () => acd.endWrapUp(o.agentId));
  }

  function agentLegEnded(leg: AgentLeg, cause: HangupCause) {
    if (leg.replaced) return; // `answer` cancelled it for an auto-answer INVITE; the new leg carries on
    legs.remove(leg.agentId);
    // A party the agent was still ringing (click to dial, consult, conference) is not left ringing.
    for (const id of [leg.direction === 'outbound' ? leg.partnerId : '', leg.consult?.channelId ?? '', leg.thirdPartyId ?? '']) {
      const other = id ? live(id) : undefined;
      if (other && other.state !== 'answered' && other.state !== 'on-hold') void hangupQuietly(other.id, 'cancelled');
    }
    // The agent's phone hung up in the middle of a consult: the held customer would wait forever.
    if (leg.consult && cause !== 'transferred') void hangupQuietly(leg.partnerId, 'normal-clearing');
    if (leg.direction === 'outbound') {
      if (leg.answeredAt !== null) tell('hungUp', () => acd.hungUp(leg.callId));
    } else if (
      leg.answeredAt !== null &&
      cause !== 'transferred' &&
      !leg.consult &&
      o.survey?.forced() &&
      sw.keepAlone &&
      live(leg.partnerId)
    ) {
      // The agent's phone hung up (not a transfer) with forced rating on: the kept customer takes the survey.
      tell('hungUp', () => acd.hungUp(leg.callId));
      const survey = o.survey;
      void (async () => {
        const customer = sw.model.channel(leg.partnerId);
        if (customer.bridgeId !== undefined && !sw.model.bridge(customer.bridgeId).closed) await c.unbridge(customer.id);
        await runSurvey(survey, customer.id, leg);
      })().catch((error: unknown) => log.error({ error, callId: leg.callId }, 'the satisfaction survey failed'));
    } else if (leg.answeredAt === null) {
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
      // Forced rating: when the agent's phone hangs up, the customer is kept for the survey.
      if (o.survey?.forced()) sw.keepAlone?.(customer.id);
      if (live(customer.id) && live(leg.channelId)) await join(customer, leg.channelId);
    } finally {
      // The session changed again: the customer is off hold and bridged.
      emit({ type: 'agent.changed', agentId: leg.agentId });
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
      case 'call.position':
        return announcePosition(e.callId, e.position);
      case 'call.queued': {
        const w = waiting.get(e.callId);
        if (w) w.entry = { ...w.entry, queueId: e.queueId };
        return;
      }
      case 'agent.state': {
        if (e.from === 'signed-out' || e.to === 'signed-out') indexAgent(e.agentId);
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

  /** Music stops for the announcement and resumes after it (the caller stays in the queue throughout). */
  async function announcePosition(callId: string, position: number) {
    const w = waiting.get(callId);
    const prompt = w && o.positionPrompt ? await o.positionPrompt(position) : undefined;
    const caller = w && live(w.callerChannelId);
    if (!w || !prompt || !caller || caller.state !== 'on-hold') return;
    await c.unhold(caller.id);
    if (live(caller.id)) await c.play(caller.id, [prompt]);
    // An agent may have answered meanwhile (then the caller is connected, not held again).
    if (waiting.get(callId) === w && live(caller.id)?.state === 'answered') await c.hold(caller.id);
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

    /**
     * Hangs up the agent's leg (ringing: declines the call, which goes to the next agent). During a consult
     * with the consulted party up, hanging up completes the transfer (as Asterisk's attended transfer does).
     */
    async hangup(agentId: string) {
      const leg = legs.ofAgent(agentId);
      if (!leg) throw ctiErrors.noCall(agentId);
      // Forced rating (§4.6.11 启用强制评分): the agent's hang-up sends an inbound customer to the survey.
      if (o.survey?.forced() && leg.direction === 'inbound' && leg.answeredAt !== null && !leg.consult) {
        return rate(leg);
      }
      if (leg.consult) {
        const k = leg.consult;
        if (sw.model.channel(k.channelId).state === 'answered') return c.completeTransfer(k.transferId);
        leg.consult = undefined;
        await c.cancelTransfer(k.transferId);
      }
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

    /**
     * Answer from the workspace (for phones that honour auto-answer headers): the ringing INVITE is
     * cancelled and sent again asking the phone to answer by itself; the ACD still sees the agent ringing.
     */
    async answer(agentId: string) {
      const leg = legs.ofAgent(agentId);
      if (!leg) throw ctiErrors.noCall(agentId);
      if (leg.answeredAt !== null || leg.direction !== 'inbound') throw ctiErrors.notRinging(agentId);
      const old = sw.model.channel(leg.channelId);
      leg.replaced = true;
      legs.remove(agentId);
      await hangupQuietly(old.id, 'cancelled');
      const customer = live(leg.partnerId);
      const a = acd.agent(agentId);
      if (!customer || a.callId !== leg.callId || !RINGING.includes(a.state)) return;
      let fresh: ChannelSnapshot;
      try {
        fresh = await c.originate({
          callId: leg.callId,
          destination: old.callee,
          callerId: old.caller,
          role: 'callee',
          autoAnswer: true,
        });
      } catch (error) {
        log.warn({ error, agentId }, 'the auto-answer INVITE failed');
        tell('rejected', () => acd.rejected(agentId, leg.callId));
        return;
      }
      const next: AgentLeg = { ...leg, channelId: fresh.id, replaced: false, startedAt: sw.clock.now() };
      legs.add(next);
      const now = sw.model.channel(fresh.id);
      if (now.state === 'hung-up') agentLegEnded(next, now.cause ?? 'failed');
      else if (now.state === 'answered') await connect(next);
    },

    /** Rating (满意度评价): the agent leaves (wrap-up) and the customer hears the survey and presses a key. */
    async rate(agentId: string) {
      if (!o.survey) throw ctiErrors.noSurvey();
      await rate(answeredLeg(agentId));
    },

    /**
     * Consult (咨询): the customer waits on hold with music while the agent talks to another party on the
     * same call; then `completeConsult` (the agent leaves, customer and party talk) or `cancelConsult`.
     */
    async consult(agentId: string, to: PartyDestination) {
      const leg = answeredLeg(agentId);
      if (leg.consult || leg.thirdPartyId) throw ctiErrors.alreadyConsulting(agentId);
      // An outside number goes through the outbound routes (caller ID from the call's access number); the
      // switch joins it to the agent at once, so a carrier's early media is heard while it rings.
      const k =
        to.kind === 'number'
          ? await c.consult(leg.channelId, to.number, '', async (r) => {
              const far = await o.routes.outbound(r.callId, to.number, leg.accessNumber, 'consult');
              if (!far) throw ctiErrors.transferTargetUnknown(to.number);
              return far;
            })
          : await c.consult(leg.channelId, extensionOf(to), sw.model.channel(leg.partnerId).caller);
      leg.consult = { transferId: k.transferId, channelId: k.consultChannelId };
      emit({ type: 'agent.changed', agentId });
    },
    async completeConsult(agentId: string) {
      const leg = answeredLeg(agentId);
      if (!leg.consult) throw ctiErrors.notConsulting(agentId);
      const k = leg.consult;
      await c.completeTransfer(k.transferId);
    },
    async cancelConsult(agentId: string) {
      const leg = answeredLeg(agentId);
      if (!leg.consult) throw ctiErrors.notConsulting(agentId);
      const k = leg.consult;
      leg.consult = undefined;
      await c.cancelTransfer(k.transferId);
      emit({ type: 'agent.changed', agentId });
    },

    /** Three-way (三方通话): a third party joins the call when it answers; the customer and agent keep talking. */
    async conference(agentId: string, to: PartyDestination) {
      const leg = answeredLeg(agentId);
      if (leg.consult || leg.thirdPartyId) throw ctiErrors.alreadyConsulting(agentId);
      const customer = sw.model.channel(leg.partnerId);
      const third =
        to.kind === 'number'
          ? await o.routes.outbound(leg.callId, to.number, leg.accessNumber)
          : await c.originate({
              callId: leg.callId,
              destination: extensionOf(to),
              callerId: customer.caller,
              role: 'conference',
            });
      if (!third) throw ctiErrors.transferTargetUnknown(to.kind === 'number' ? to.number : '');
      leg.thirdPartyId = third.id;
      emit({ type: 'agent.changed', agentId });
      void (async () => {
        const outcome = await answerOf(third.id, leg.channelId);
        if (outcome !== 'answered') {
          if (legs.ofAgent(agentId) === leg) leg.thirdPartyId = undefined;
          await hangupQuietly(third.id, 'cancelled');
          emit({ type: 'agent.changed', agentId });
          return;
        }
        const bridgeId = sw.model.channel(leg.channelId).bridgeId;
        if (bridgeId !== undefined) await c.bridge([third.id], { bridgeId, kind: 'conference' });
      })().catch((error: unknown) => log.error({ error, callId: leg.callId }, 'adding the third party failed'));
    },
    /** Drops the third party; the customer and the agent go on. */
    async dropConference(agentId: string) {
      const leg = answeredLeg(agentId);
      const third = leg.thirdPartyId;
      if (!third) throw ctiErrors.notConsulting(agentId);
      leg.thirdPartyId = undefined;
      await hangupQuietly(third, 'normal-clearing');
      emit({ type: 'agent.changed', agentId });
    },

    /**
     * Click to dial (点击外呼) and internal calls: the agent's phone rings first (showing the number), and when
     * the agent answers the number is called — an outside number through the outbound routes with the access
     * number as caller ID, an extension or another agent directly. The ACD sees the agent talking from then.
     */
    async dial(agentId: string, to: PartyDestination, accessNumber: string | null): Promise<string> {
      const a = acd.agent(agentId);
      if (a.state === 'signed-out' || !a.extension) throw ctiErrors.noExtension(agentId);
      if (legs.ofAgent(agentId)) throw ctiErrors.alreadyOnCall(agentId);
      const number = to.kind === 'number' ? to.number : extensionOf(to);
      const callId = newId();
      const own = await c.originate({
        callId,
        destination: a.extension,
        callerId: number,
        role: 'caller',
        callType: to.kind === 'number' ? 'manual-outbound' : 'internal',
        ...(accessNumber ? { accessNumber } : {}),
        cdrParties: { caller: a.extension, callee: number },
      });
      const leg: AgentLeg = {
        agentId,
        callId,
        channelId: own.id,
        partnerId: '',
        direction: 'outbound',
        queueId: null,
        accessNumber,
        answeredAt: null,
        startedAt: sw.clock.now(),
      };
      legs.add(leg);
      emit({ type: 'agent.changed', agentId });
      void placeCall(leg, to, number).catch((error: unknown) => {
        log.warn({ error, callId }, 'click to dial failed');
        void hangupQuietly(own.id, 'failed');
      });
      return callId;
    },

    stop() {
      offSwitch();
      offAcd();
    },
  };

  async function rate(leg: AgentLeg) {
    const survey = o.survey;
    if (!survey) throw ctiErrors.noSurvey();
    const customer = live(leg.partnerId);
    if (!customer) throw ctiErrors.noCall(leg.agentId);
    // `transferred`: the two-party teardown leaves the customer up for the survey.
    await c.hangup(leg.channelId, 'transferred');
    const now = sw.model.channel(customer.id);
    if (now.bridgeId !== undefined && !sw.model.bridge(now.bridgeId).closed) await c.unbridge(customer.id);
    if (sw.model.channel(customer.id).state === 'on-hold') await c.unhold(customer.id);
    void runSurvey(survey, customer.id, leg).catch((error: unknown) =>
      log.error({ error, callId: leg.callId }, 'the satisfaction survey failed'),
    );
  }

  async function runSurvey(survey: SurveyPort, customerId: string, leg: AgentLeg) {
    const prompts = await survey.prompts();
    // Listening starts before the question so a key pressed during it counts.
    const answer = c.collect(customerId, { maxDigits: 1, firstDigitTimeoutMs: 20_000, interDigitTimeoutMs: 1_000 });
    if (live(customerId)) await c.play(customerId, [prompts.question]);
    const r = await answer;
    const digit = r.digits === '' ? null : r.digits;
    await survey.save({ callId: leg.callId, agentId: leg.agentId, queueId: leg.queueId, digit });
    emit({ type: 'agent.rated', agentId: leg.agentId, callId: leg.callId, digit });
    if (live(customerId)) {
      if (digit !== null) await c.play(customerId, [prompts.thanks]);
      await hangupQuietly(customerId, 'normal-clearing');
    }
  }

  function extensionOf(to: PartyDestination): string {
    if (to.kind !== 'agent') return to.number;
    const target = o.agentByNumber(to.agentNumber);
    const a = target ? acd.agent(target.id) : undefined;
    const ext = a?.extension ?? target?.boundExtension;
    if (!ext) throw ctiErrors.transferTargetUnknown(to.agentNumber);
    return ext;
  }

  /** Resolves when `legId` is answered, or why it will not be (it ended, or `watchId` ended first). */
  function answerOf(legId: string, watchId: string): Promise<'answered' | HangupCause> {
    return new Promise((resolve) => {
      const check = () => {
        const leg = sw.model.channel(legId);
        if (leg.state === 'answered') return 'answered';
        if (leg.state === 'hung-up') return leg.cause ?? 'failed';
        if (!live(watchId)) return 'cancelled';
        return undefined;
      };
      const now = check();
      if (now) return resolve(now);
      const off = sw.bus.subscribe((e) => {
        if (e.type !== 'channel.answered' && e.type !== 'channel.hungup') return;
        if (e.channelId !== legId && e.channelId !== watchId) return;
        const r = check();
        if (r) {
          off();
          resolve(r);
        }
      });
    });
  }

  async function placeCall(leg: AgentLeg, to: PartyDestination, number: string) {
    const own = await answerOf(leg.channelId, leg.channelId);
    if (own !== 'answered') return; // the agent did not pick up: agentLegEnded cleans up
    leg.answeredAt = sw.clock.now();
    tell('outboundStarted', () => acd.outboundStarted(leg.agentId, leg.callId, number));
    emit({ type: 'agent.answered', agentId: leg.agentId, leg });
    emit({ type: 'agent.changed', agentId: leg.agentId });
    const agentExtension = sw.model.channel(leg.channelId).callee;
    const far =
      to.kind === 'number'
        ? await o.routes.outbound(leg.callId, number, leg.accessNumber)
        : await c.originate({ callId: leg.callId, destination: number, callerId: agentExtension, role: 'callee' });
    if (!far) {
      await hangupQuietly(leg.channelId, 'unallocated-number');
      return;
    }
    leg.partnerId = far.id;
    emit({ type: 'agent.changed', agentId: leg.agentId });
    // A carrier's early media (ring-back, "the number you dialled…") reaches the agent before the answer.
    let early: Promise<unknown> | undefined;
    const offEarly = sw.bus.subscribe((e) => {
      if (e.type !== 'channel.early-media' || e.channelId !== far.id || early) return;
      if (!live(leg.channelId) || sw.model.channel(leg.channelId).bridgeId !== undefined) return;
      early = c.bridge([leg.channelId, far.id]).catch(() => undefined);
    });
    const outcome = await answerOf(far.id, leg.channelId);
    offEarly();
    await early;
    if (outcome === 'answered') {
      const bridged = live(leg.channelId) ? sw.model.channel(leg.channelId).bridgeId : undefined;
      if (live(leg.channelId) && (bridged === undefined || bridged !== sw.model.channel(far.id).bridgeId)) {
        if (bridged !== undefined) await c.unbridge(leg.channelId);
        await c.bridge([leg.channelId, far.id]);
      }
      emit({ type: 'agent.changed', agentId: leg.agentId });
      return;
    }
    if (outcome === 'cancelled') await hangupQuietly(far.id, 'cancelled');
    else await hangupQuietly(leg.channelId, outcome);
  }

  /** Connects the held customer to a ringing leg when it answers; if it never does, the customer is hung up. */
  async function handOver(customerId: string, legId: string) {
    // A carrier's early media replaces the music on hold: the customer hears the far end ring or announce.
    let early: Promise<unknown> | undefined;
    const offEarly = sw.bus.subscribe((e) => {
      if (e.type !== 'channel.early-media' || e.channelId !== legId || early) return;
      const customer = live(customerId);
      if (!customer || customer.bridgeId !== undefined) return;
      early = (async () => {
        if (customer.state === 'on-hold') await c.unhold(customerId);
        await c.bridge([customerId, legId]);
      })().catch(() => undefined);
    });
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
    offEarly();
    await early;
    if (result !== 'answered') {
      if (result === 'cancelled') await hangupQuietly(legId, 'cancelled');
      else await hangupQuietly(customerId, result);
      return;
    }
    const customer = live(customerId);
    if (!customer) return hangupQuietly(legId, 'normal-clearing');
    if (customer.bridgeId !== undefined && customer.bridgeId === sw.model.channel(legId).bridgeId) return;
    if (customer.state === 'on-hold') await c.unhold(customerId);
    await c.bridge([customerId, legId]);
  }
}
export type Cti = ReturnType<typeof createCti>;
