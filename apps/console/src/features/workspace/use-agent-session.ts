import type { AgentCall, AgentEvent, AgentSession } from '@rexian/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { agentApi } from './workspace-api.ts';

const POLL_MS = 2000;
const RECONNECT_MS = 5000;
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
 * every change; `call.ringing` pops the screen). While the stream is down the session is polled every 2 s
 * and the stream retried every 5 s, as the current-calls page does. Timers tick once a second from the
 * server's clock (its `now` plus the time since the message arrived). `lastCall` is the call a service
 * record is saved against: the current one, or the last one the agent had.
 */
export function useAgentSession() {
  const [data, setData] = useState<Snapshot | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [mode, setMode] = useState<'stream' | 'polling'>('polling');
  const [pop, setPop] = useState<Pop | undefined>(undefined);
  const [lastCall, setLastCall] = useState<AgentCall | undefined>(undefined);
  const [, setTick] = useState(0);
  const alive = useRef(true);

  const apply = useCallback((session: AgentSession) => {
    setData({ session, receivedAt: Date.now() });
    setError(undefined);
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

  useEffect(() => {
    alive.current = true;
    let ws: WebSocket | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let answerTimer: ReturnType<typeof setTimeout> | undefined;
    let streaming = false;

    const poll = async () => {
      if (!alive.current || streaming) return;
      try {
        const session = await agentApi.session();
        if (alive.current && !streaming) apply(session);
      } catch (e) {
        if (alive.current) setError(e);
      }
      if (alive.current && !streaming) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
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
        clearTimeout(answerTimer);
        answerTimer = setTimeout(() => {
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
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/agent/stream`);
      ws = socket;
      socket.onopen = () => {
        streaming = true;
        clearTimeout(pollTimer);
        setMode('stream');
      };
      socket.onmessage = (m) => {
        const e = JSON.parse(String(m.data)) as AgentEvent | { type: 'error'; code: string };
        if (e.type !== 'error') onEvent(e);
      };
      socket.onclose = () => {
        if (!alive.current) return;
        streaming = false;
        setMode('polling');
        void poll();
        retryTimer = setTimeout(connect, RECONNECT_MS);
      };
    };
    void poll();
    connect();
    const ticker = setInterval(() => setTick((n) => n + 1), 1000);
    return () => {
      alive.current = false;
      ws?.close();
      clearTimeout(pollTimer);
      clearTimeout(retryTimer);
      clearTimeout(answerTimer);
      clearInterval(ticker);
    };
  }, [apply]);

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
