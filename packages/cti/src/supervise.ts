import { AppError, type Logger, type TimerHandle } from '@rexian/kernel';
import type { CallEvent, MonitorMode } from '@rexian/switch';
import type { Cti } from './cti-core.ts';
import type { CtiSwitch } from './cti-ports.ts';
import { ctiErrors } from './errors.ts';

/** What a supervisor's monitoring of one agent is doing now. */
export interface MonitorSession {
  agentId: string;
  /** The extension the supervisor listens on. */
  extension: string;
  /** Who started it (the server puts the user id here). */
  by: string;
  callId: string;
  /** The supervisor's leg. */
  channelId: string;
  /** The agent's leg the monitor watches. */
  agentChannelId: string;
  mode: MonitorMode;
  /** `ringing`: the supervisor's phone rings; `monitoring`: it is in the agent's call. */
  state: 'ringing' | 'monitoring';
  /** Set by a take-over requested before the supervisor answered: on answer it replaces the agent. */
  takeover: boolean;
}

export const superviseErrors = {
  alreadyMonitored: (agentId: string) =>
    new AppError('CTI_ALREADY_MONITORED', "a supervisor is already on this agent's call", {
      category: 'conflict',
      details: { agentId },
    }),
  notMonitoring: (agentId: string) =>
    new AppError('CTI_NOT_MONITORING', 'nobody monitors this agent', { category: 'conflict', details: { agentId } }),
};

export interface SuperviseOptions {
  sw: CtiSwitch;
  cti: Pick<Cti, 'legOf'>;
  log: Logger;
  /** How long the supervisor's phone rings before the monitor is given up (default 30 s). */
  ringTimeoutMs?: number;
}

/**
 * Supervisor monitoring (issue 8 §4, 监听 / 密语 / 强插 / 强拆): the supervisor's phone is called on the
 * agent's call and, when it answers, joins the agent's bridge as a monitor — listen (hears both, heard by
 * nobody), whisper (heard by the agent only), barge (heard by all). Take over hangs the agent up with
 * cause `transferred` (the customer stays; the ACD sees the agent's call end and starts wrap-up) and the
 * supervisor goes on with the customer. One monitor per agent at a time. Scope checks are the server's.
 */
export function createSupervision(o: SuperviseOptions) {
  const { sw, log } = o;
  const c = sw.controller;
  const ringTimeoutMs = o.ringTimeoutMs ?? 30_000;
  const sessions = new Map<string, MonitorSession>();
  const timers = new Map<string, TimerHandle>();

  const live = (id: string) => {
    const ch = sw.model.findChannel(id);
    return ch && ch.state !== 'hung-up' ? ch : undefined;
  };
  const hangupQuietly = async (id: string, cause: 'normal-clearing' | 'cancelled' | 'no-answer') => {
    if (live(id)) await c.hangup(id, cause).catch((error: unknown) => log.debug({ error, id }, 'hang-up raced'));
  };
  /** The agent's answered leg and the bridge it talks in. */
  const agentCall = (agentId: string) => {
    const leg = o.cti.legOf(agentId);
    if (!leg) throw ctiErrors.noCall(agentId);
    const ch = live(leg.channelId);
    if (leg.answeredAt === null || !ch || ch.bridgeId === undefined) throw ctiErrors.notAnswered(agentId);
    return { leg, bridgeId: ch.bridgeId };
  };
  const end = (s: MonitorSession) => {
    if (sessions.get(s.agentId) === s) sessions.delete(s.agentId);
    sw.clock.clearTimeout(timers.get(s.channelId));
    timers.delete(s.channelId);
  };

  const off = sw.bus.subscribe((e: CallEvent) => {
    if (e.type !== 'channel.answered' && e.type !== 'channel.hungup') return;
    for (const s of [...sessions.values()]) {
      if (e.channelId === s.channelId) {
        if (e.type === 'channel.hungup') end(s);
        else if (s.state === 'ringing') void joinCall(s).catch((error: unknown) => failed(s, error));
      } else if (e.type === 'channel.hungup' && e.channelId === s.agentChannelId) {
        // The agent's call ended (or was transferred away): the monitor has nothing left to watch.
        end(s);
        void hangupQuietly(s.channelId, s.state === 'ringing' ? 'cancelled' : 'normal-clearing');
      }
    }
  });

  function failed(s: MonitorSession, error: unknown) {
    log.warn({ error, agentId: s.agentId }, 'joining the supervisor to the call failed');
    end(s);
    void hangupQuietly(s.channelId, 'normal-clearing');
  }

  async function joinCall(s: MonitorSession) {
    sw.clock.clearTimeout(timers.get(s.channelId));
    timers.delete(s.channelId);
    let call: ReturnType<typeof agentCall>;
    try {
      call = agentCall(s.agentId);
    } catch {
      end(s);
      await hangupQuietly(s.channelId, 'normal-clearing');
      return;
    }
    s.state = 'monitoring';
    if (s.takeover) {
      end(s);
      await c.bridge([s.channelId], { bridgeId: call.bridgeId });
      await c.hangup(call.leg.channelId, 'transferred');
      return;
    }
    await c.monitor(s.channelId, {
      bridgeId: call.bridgeId,
      mode: s.mode,
      ...(s.mode === 'whisper' ? { targetId: call.leg.channelId } : {}),
    });
  }

  async function start(extension: string, agentId: string, mode: MonitorMode, by: string, takeover: boolean) {
    const { leg } = agentCall(agentId);
    if (sessions.has(agentId)) throw superviseErrors.alreadyMonitored(agentId);
    const customer = sw.model.findChannel(leg.partnerId);
    const ch = await c.originate({
      callId: leg.callId,
      destination: extension,
      callerId: customer?.caller ?? leg.agentId,
      role: 'conference',
    });
    const s: MonitorSession = {
      agentId,
      extension,
      by,
      callId: leg.callId,
      channelId: ch.id,
      agentChannelId: leg.channelId,
      mode,
      state: 'ringing',
      takeover,
    };
    const now = sw.model.channel(ch.id);
    if (now.state === 'hung-up') throw ctiErrors.transferTargetUnknown(extension);
    sessions.set(agentId, s);
    timers.set(
      ch.id,
      sw.clock.setTimeout(() => {
        if (s.state === 'ringing') {
          end(s);
          void hangupQuietly(s.channelId, 'no-answer');
        }
      }, ringTimeoutMs),
    );
    if (now.state === 'answered') await joinCall(s);
    return { ...s };
  }

  return {
    /** Calls the supervisor's `extension`; on answer it joins the agent's call in `mode`. */
    monitor(extension: string, agentId: string, mode: MonitorMode, by = ''): Promise<MonitorSession> {
      return start(extension, agentId, mode, by, false);
    },

    /** Changes the mode; while the supervisor's phone still rings, the new mode applies on answer. */
    async setMode(agentId: string, mode: MonitorMode): Promise<MonitorSession> {
      const s = sessions.get(agentId);
      if (!s) throw superviseErrors.notMonitoring(agentId);
      if (s.state === 'monitoring') {
        const { leg } = agentCall(agentId);
        await c.setMonitorMode(s.channelId, mode, mode === 'whisper' ? leg.channelId : undefined);
      }
      s.mode = mode;
      return { ...s };
    },

    /** Ends the monitor: the supervisor's leg is hung up (cancelled while it still rings). */
    async stop(agentId: string): Promise<void> {
      const s = sessions.get(agentId);
      if (!s) throw superviseErrors.notMonitoring(agentId);
      end(s);
      await hangupQuietly(s.channelId, s.state === 'ringing' ? 'cancelled' : 'normal-clearing');
    },

    /**
     * Take over (强拆): the supervisor replaces the agent. A supervisor already in the call becomes a full
     * party at once; otherwise `extension` is called first and the agent is cut off when it answers.
     */
    async takeover(extension: string, agentId: string, by = ''): Promise<MonitorSession> {
      const s = sessions.get(agentId);
      if (!s) return start(extension, agentId, 'barge', by, true);
      if (s.state === 'ringing') {
        s.takeover = true;
        return { ...s };
      }
      const { leg } = agentCall(agentId);
      end(s);
      await c.setMonitorMode(s.channelId, null);
      await c.hangup(leg.channelId, 'transferred');
      return { ...s, takeover: true };
    },

    session: (agentId: string): MonitorSession | undefined => {
      const s = sessions.get(agentId);
      return s ? { ...s } : undefined;
    },
    sessions: (): MonitorSession[] => [...sessions.values()].map((s) => ({ ...s })),

    close() {
      off();
      for (const t of timers.values()) sw.clock.clearTimeout(t);
      timers.clear();
      sessions.clear();
    },
  };
}
export type Supervision = ReturnType<typeof createSupervision>;
