import type { SupervisedAgent, SupervisedQueue, SupervisorScopeKind, SupervisorStreamMessage } from '@rexian/contracts';
import { useEffect, useRef, useState } from 'react';
import { supervisorApi } from './supervisor-api.ts';

const POLL_MS = 3000;
const RECONNECT_MS = 5000;

type Boards = {
  scope: SupervisorScopeKind;
  agents: SupervisedAgent[];
  queues: SupervisedQueue[];
  now: string;
  receivedAt: number;
};

/**
 * Both wallboards, pushed by `/api/v1/supervisor/stream` (whole boards after each burst of changes). While
 * the stream is down they are polled and the stream retried. Durations tick each second from the server's
 * clock (its `now` plus the time since that message arrived).
 */
export function useSupervisorBoards() {
  const [data, setData] = useState<Boards | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [mode, setMode] = useState<'stream' | 'polling'>('polling');
  const [, setTick] = useState(0);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    let ws: WebSocket | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let streaming = false;

    const poll = async () => {
      if (!alive.current || streaming) return;
      try {
        const [agents, queues] = await Promise.all([supervisorApi.agents(), supervisorApi.queues()]);
        if (!alive.current || streaming) return;
        setData({ scope: agents.scope, agents: agents.items, queues: queues.items, now: agents.now, receivedAt: Date.now() });
        setError(undefined);
      } catch (e) {
        if (alive.current) setError(e);
      }
      if (alive.current && !streaming) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/supervisor/stream`);
      ws = socket;
      socket.onmessage = (e) => {
        const m = JSON.parse(String(e.data)) as SupervisorStreamMessage | { type: 'error'; code: string };
        if (m.type !== 'boards') return;
        streaming = true;
        clearTimeout(pollTimer);
        setMode('stream');
        setData({ scope: m.scope, agents: m.agents, queues: m.queues, now: m.now, receivedAt: Date.now() });
        setError(undefined);
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
      clearInterval(ticker);
    };
  }, []);

  const serverNow = data ? Date.parse(data.now) + (Date.now() - data.receivedAt) : Date.now();
  return { data, error, serverNow, mode };
}
