import {
  type AgentCall,
  type AgentDial,
  type AgentEvent,
  type AgentParty,
  type AgentSession,
  type AgentSignIn,
  type AgentStateChange,
  maskPhoneNumber,
  type TransferTarget,
} from '@rexian/contracts';
import type { AgentLeg, CtiEvent, TransferDestination } from '@rexian/cti';
import type { Queryable } from '@rexian/db';
import type { Clock, Logger, TimerHandle } from '@rexian/kernel';
import type { AgentDirectoryEntry } from '../../cti/acd-config.ts';
import type { CtiRuntime } from '../../cti/cti-runtime.ts';
import { fillScreenPopUrl } from '../../cti/screen-pop.ts';
import { type Actor, hasPermission } from '../../http/actor.ts';
import type { TelephonyRuntime } from '../../telephony/telephony-runtime.ts';
import { workspaceErrors as errors } from './workspace.errors.ts';

/** Session pushes are coalesced over a few ms: a call’s answer moves state, leg and bridge in one burst. */
const PUSH_DELAY_MS = 5;

export interface AgentStreamSink {
  send(event: AgentEvent): void;
}

/**
 * The agent workspace (§3 普通座席, §六 web agent) for the signed-in console user: the agent bound to the
 * user's employee signs in with an extension (takes calls) or without (monitors only), changes state and
 * acts on its call. Every command acts on the caller's own agent only; supervisors' actions on others are
 * a separate module with its own scope checks.
 */
export function createWorkspaceService(d: {
  db: Queryable;
  telephony: () => TelephonyRuntime | null;
  clock: Clock;
  log: Logger;
}) {
  const running = (): CtiRuntime => {
    const rt = d.telephony()?.cti;
    if (!rt) throw errors.notRunning();
    return rt;
  };
  async function mine(actor: Actor): Promise<{ rt: CtiRuntime; agent: AgentDirectoryEntry }> {
    // A user with no employee can have no agent, whether or not the switch runs.
    if (!actor.employeeId) throw errors.notBound();
    const rt = running();
    await rt.refresh();
    const agent = actor.employeeId ? rt.agentOfEmployee(actor.employeeId) : undefined;
    if (!agent) throw errors.notBound();
    return { rt, agent };
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Open streams per agent: the ACD sees a disconnect only when the last one closes. */
  const streams = new Map<string, number>();

  function callOf(rt: CtiRuntime, leg: AgentLeg, mask: boolean): AgentCall {
    const customer = rt.sw.model.findChannel(leg.partnerId);
    const show = (n: string) => (mask ? maskPhoneNumber(n) : n);
    const state = leg.answeredAt === null ? 'ringing' : customer?.state === 'on-hold' ? 'held' : 'talking';
    return {
      callId: leg.callId,
      direction: leg.direction,
      caller: show(customer?.caller ?? ''),
      callee: customer?.callee ?? '',
      queueId: leg.queueId,
      queueName: leg.queueId ? rt.queueName(leg.queueId) : null,
      accessNumber: leg.accessNumber,
      state,
      since: iso(leg.answeredAt ?? leg.startedAt),
      consulting: leg.consult !== undefined,
      conferencing: leg.thirdPartyId !== undefined,
    };
  }

  function sessionOf(rt: CtiRuntime, agent: AgentDirectoryEntry, actor: Actor): AgentSession {
    const a = rt.acd.agent(agent.id);
    const leg = rt.cti.legOf(agent.id);
    return {
      agentId: agent.id,
      agentNumber: agent.number,
      agentName: agent.name,
      extension: a.state === 'signed-out' ? null : (a.extension ?? null),
      boundExtension: agent.boundExtension,
      state: a.state,
      reasonId: a.reasonId ?? null,
      stateSince: iso(a.since),
      call: leg ? callOf(rt, leg, !hasPermission(actor, 'pbx.cdr.unmasked')) : null,
      now: iso(d.clock.now()),
    };
  }

  async function extensionFree(rt: CtiRuntime, agent: AgentDirectoryEntry, number: string) {
    const r = await d.db.query('SELECT 1 FROM extensions WHERE number = $1 AND enabled', [number]);
    if (r.rows.length === 0) throw errors.extensionUnknown(number);
    const other = rt.acd.agents().find((a) => a.id !== agent.id && a.state !== 'signed-out' && a.extension === number);
    if (other) throw errors.extensionTaken(number, other.number);
  }

  const destination = (to: TransferTarget): TransferDestination => (to.kind === 'ivr' ? { kind: 'ivr', ivrId: to.number } : to);

  return {
    async session(actor: Actor): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      return sessionOf(rt, agent, actor);
    },

    async signIn(actor: Actor, body: AgentSignIn): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      const extension = body.extension === undefined ? agent.boundExtension : body.extension;
      if (extension !== null) await extensionFree(rt, agent, extension);
      rt.cti.signIn(agent.id, {
        ...(extension === null ? {} : { extension }),
        ...(body.initial ? { initial: body.initial } : {}),
      });
      return sessionOf(rt, agent, actor);
    },

    async signOut(actor: Actor): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      rt.cti.signOut(agent.id);
      return sessionOf(rt, agent, actor);
    },

    async setState(actor: Actor, body: AgentStateChange): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      rt.cti.setState(agent.id, body.state, body.reasonId);
      return sessionOf(rt, agent, actor);
    },

    async command(
      actor: Actor,
      command: 'answer' | 'hangup' | 'hold' | 'unhold' | 'completeConsult' | 'cancelConsult' | 'dropConference' | 'rate',
    ): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      await rt.cti[command](agent.id);
      return sessionOf(rt, agent, actor);
    },

    /** Caller IDs for click to dial: outbound access numbers (agents need no dial-plan permission for this). */
    async callerIds(): Promise<{ numbers: string[] }> {
      const r = await d.db.query<{ number: string }>(
        "SELECT number FROM access_numbers WHERE call_type IN ('out', 'both') ORDER BY number",
      );
      return { numbers: r.rows.map((x) => x.number) };
    },

    async withParty(actor: Actor, command: 'consult' | 'conference', to: AgentParty): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      await rt.cti[command](agent.id, to);
      return sessionOf(rt, agent, actor);
    },

    async dial(actor: Actor, body: AgentDial): Promise<{ callId: string }> {
      const { rt, agent } = await mine(actor);
      return { callId: await rt.cti.dial(agent.id, body.to, body.accessNumber ?? null) };
    },

    async transfer(actor: Actor, to: TransferTarget): Promise<AgentSession> {
      const { rt, agent } = await mine(actor);
      const target = to.kind === 'queue' ? { ...to, queueId: rt.findQueue(to.queueId) ?? to.queueId } : to;
      await rt.cti.transfer(agent.id, destination(target));
      return sessionOf(rt, agent, actor);
    },

    /**
     * The agent's stream: the session now and after every change, the ringing call (screen pop), the
     * answer and the end. The ACD sees the agent as connected while at least one stream is open; when the
     * last one closes it starts the retention time (§4.6.11 座席状态保留时长).
     */
    async watch(actor: Actor, sink: AgentStreamSink): Promise<() => void> {
      const { rt, agent } = await mine(actor);
      const mask = !hasPermission(actor, 'pbx.cdr.unmasked');
      let timer: TimerHandle | undefined;
      const pushSession = () => {
        timer = undefined;
        sink.send({ type: 'session', session: sessionOf(rt, agent, actor) });
      };
      const off = rt.cti.events.on('event', (e: CtiEvent) => {
        if (e.agentId !== agent.id) return;
        if (e.type === 'agent.changed') {
          timer ??= d.clock.setTimeout(pushSession, PUSH_DELAY_MS);
        } else if (e.type === 'agent.ringing') {
          const call = callOf(rt, e.leg, mask);
          const popUrl = fillScreenPopUrl(rt.screenPopTemplate(), {
            callId: call.callId,
            caller: call.caller,
            callee: call.callee,
            accessNumber: call.accessNumber ?? '',
            queue: call.queueName ?? '',
            agentNumber: agent.number,
            direction: call.direction,
          });
          sink.send({ type: 'call.ringing', call, popUrl });
        } else if (e.type === 'agent.answered') {
          sink.send({ type: 'call.answered', call: callOf(rt, e.leg, mask) });
        } else if (e.type === 'agent.call-ended') {
          sink.send({ type: 'call.ended', callId: e.leg.callId, cause: e.cause });
        }
      });
      streams.set(agent.id, (streams.get(agent.id) ?? 0) + 1);
      const a = rt.acd.agent(agent.id);
      if (a.state !== 'signed-out' && !a.connected) rt.acd.reconnect(agent.id);
      pushSession();
      return () => {
        off();
        d.clock.clearTimeout(timer);
        const left = (streams.get(agent.id) ?? 1) - 1;
        if (left > 0) {
          streams.set(agent.id, left);
          return;
        }
        streams.delete(agent.id);
        const now = rt.acd.agent(agent.id);
        if (now.state !== 'signed-out' && now.connected) {
          try {
            rt.acd.disconnect(agent.id);
          } catch (error) {
            d.log.warn({ error, agentId: agent.id }, 'marking the agent disconnected failed');
          }
        }
      };
    },
  };
}
export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
