import type { CdrDetail, LiveCallsMessage } from '@rexian/contracts';
import { useEffect, useRef, useState } from 'react';
import { cdrsApi } from './records-api.ts';

const POLL_MS = 2000;
const RECONNECT_MS = 5000;

type Snapshot = { calls: Map<string, CdrDetail>; now: string; receivedAt: number };

/**
 * The current calls, pushed by the server's stream (`/api/v1/calls/live/stream`): a snapshot, then the calls
 * that changed. While the stream is down (a proxy without WebSocket, a restart) the list is polled every
 * 2 s and the stream is retried. Durations tick once a second from the server's clock (its `now` plus the
 * time since that message arrived), so a skewed browser clock does not matter.
 */
export function useLiveCalls() {
  const [data, setData] = useState<Snapshot | undefined>(undefined);
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
        const live = await cdrsApi.live();
        if (!alive.current || streaming) return;
        setData({ calls: new Map(live.items.map((c) => [c.callId, c])), now: live.now, receivedAt: Date.now() });
        setError(undefined);
      } catch (e) {
        if (alive.current) setError(e);
      }
      if (alive.current && !streaming) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
    const apply = (m: LiveCallsMessage) => {
      setData((before) => {
        const calls = m.type === 'snapshot' ? new Map<string, CdrDetail>() : new Map(before?.calls);
        if (m.type === 'snapshot') for (const c of m.items) calls.set(c.callId, c);
        else {
          for (const c of m.upserts) calls.set(c.callId, c);
          for (const id of m.removed) calls.delete(id);
        }
        return { calls, now: m.now, receivedAt: Date.now() };
      });
      setError(undefined);
    };
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/calls/live/stream`);
      ws = socket;
      socket.onopen = () => {
        streaming = true;
        clearTimeout(pollTimer);
        setMode('stream');
      };
      socket.onmessage = (e) => apply(JSON.parse(String(e.data)) as LiveCallsMessage);
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
  const calls = data ? [...data.calls.values()] : undefined;
  return { calls, error, serverNow, mode };
}
