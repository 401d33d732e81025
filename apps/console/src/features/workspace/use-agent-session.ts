import type { AgentCall, AgentEvent, AgentSession } from '@rexian/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePushed } from '../../shared/use-pushed.ts';
import { agentApi } from './workspace-api.ts';

/**
 * The server pushes the session as the agent answers, a moment before the customer comes off hold and the far
 * party of a click-to-dial call exists, and nothing more until the next change: the session is read once more
 * this long after an answer so the call shows talking (and the buttons follow).
 */
const AFTER_ANSWER_MS = 1500;

/** The screen pop: the call that rang, kept after it ends so the agent can file the service record. */
export type Pop = { call: AgentCall; popUrl: string | null; ended: boolean };

type Snapshot = { session: AgentSession; receivedAt: number };

/**
 * The signed-in agent's session, pushed by `/api/v1/agent/stream` (a `session` message on connect and on
 * every change; `call.ringing` pops the screen); polled every 2 s while the stream is down (`usePushed`).
 * Timers tick once a second from the server's clock (its `now` plus the time since the message arrived).
 * `lastCall` is the call a service record is saved against: the current one, or the last one the agent had.
 */
export function useAgentSession() {
  const [data, setData] = useState<Snapshot | undefined>(undefined);
  const [pop, setPop] = useState<Pop | undefined>(undefined);
  const [lastCall, setLastCall] = useState<AgentCall | undefined>(undefined);
  const alive = useRef(true);

  const apply = useCallback((session: AgentSession) => {
    setData({ session, receivedAt: Date.now() });
    if (session.call) {
      const call = session.call;
      setLastCall(call);
      // An outbound call (click to dial) has no ringing event: its pop opens with the first session that shows it.
      setPop((p) =>
        p && p.call.callId === call.callId
          ? { ...p, call }
          : call.direction === 'outbound'
            ? { call, popUrl: null, ended: false }
            : p,
      );
    }
  }, []);

  // The session read shortly after an answer (AFTER_ANSWER_MS); cleared when the page closes.
  const answerTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(answerTimer.current);
    };
  }, []);

  const onEvent = (e: AgentEvent) => {
    if (e.type === 'session') apply(e.session);
    else if (e.type === 'call.ringing') {
      setPop({ call: e.call, popUrl: e.popUrl, ended: false });
      setLastCall(e.call);
    } else if (e.type === 'call.answered') {
      setPop((p) =>
        p && p.call.callId === e.call.callId ? { ...p, call: e.call } : { call: e.call, popUrl: null, ended: false },
      );
      setLastCall(e.call);
      clearTimeout(answerTimer.current);
      answerTimer.current = setTimeout(() => {
        agentApi
          .session()
          .then((s) => {
            if (alive.current) apply(s);
          })
          .catch(() => undefined); // the next push or poll brings it anyway
      }, AFTER_ANSWER_MS);
    } else {
      setPop((p) => (p && p.call.callId === e.callId ? { ...p, ended: true } : p));
    }
  };
  const { mode, error } = usePushed<AgentEvent | { type: 'error'; code: string }>({
    path: '/api/v1/agent/stream',
    pollMs: 2000,
    poll: async (current) => {
      const session = await agentApi.session();
      if (current()) apply(session);
    },
    onMessage: (e) => {
      if (e.type === 'error') return false;
      onEvent(e);
      return true;
    },
  });

  const serverNow = data ? Date.parse(data.session.now) + (Date.now() - data.receivedAt) : Date.now();
  return {
    session: data?.session,
    error,
    mode,
    serverNow,
    pop,
    lastCall,
    /** A command's answer is the new session: show it at once rather than waiting for the push. */
    apply,
    closePop: () => setPop(undefined),
  };
}
