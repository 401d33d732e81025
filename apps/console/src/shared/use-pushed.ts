import { useEffect, useRef, useState } from 'react';

const RECONNECT_MS = 5000;

export interface PushedOptions<M> {
  /** The WebSocket path on this host, e.g. `/api/v1/calls/live/stream`. */
  path: string;
  /** How often to poll while the stream is down. */
  pollMs: number;
  /**
   * One poll: fetch and apply. `current()` turns false once the stream took over or the page closed —
   * check it after the fetch, so a slow poll never overwrites newer pushed data. Throws on failure.
   */
  poll: (current: () => boolean) => Promise<void>;
  /** A message from the stream; return false for one that is not data (an error notice): it does not count as streaming. */
  onMessage: (message: M) => boolean | undefined;
}

/**
 * Data a server pushes over a WebSocket, with polling as the fallback: polls every `pollMs` until the stream
 * delivers its first message, polls again and retries the stream every 5 s while it is down (a proxy without
 * WebSocket, a server restart). Also re-renders once a second, so durations shown from the server's clock
 * tick. The current-calls page, the supervisor's wallboards and the agent workspace use it.
 */
export function usePushed<M>(options: PushedOptions<M>) {
  const [mode, setMode] = useState<'stream' | 'polling'>('polling');
  const [error, setError] = useState<unknown>(undefined);
  const [, setTick] = useState(0);
  // The latest callbacks, so a re-render never reconnects the stream.
  const latest = useRef(options);
  latest.current = options;
  const path = options.path;

  useEffect(() => {
    let alive = true;
    let streaming = false;
    let ws: WebSocket | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const current = () => alive && !streaming;

    const poll = async () => {
      if (!current()) return;
      try {
        await latest.current.poll(current);
        if (current()) setError(undefined);
      } catch (e) {
        if (alive) setError(e);
      }
      if (current()) pollTimer = setTimeout(() => void poll(), latest.current.pollMs);
    };
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${window.location.host}${path}`);
      ws = socket;
      socket.onmessage = (e) => {
        if (!alive || latest.current.onMessage(JSON.parse(String(e.data)) as M) === false) return;
        if (!streaming) {
          streaming = true;
          clearTimeout(pollTimer);
          setMode('stream');
        }
        setError(undefined);
      };
      socket.onclose = () => {
        if (!alive) return;
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
      alive = false;
      ws?.close();
      clearTimeout(pollTimer);
      clearTimeout(retryTimer);
      clearInterval(ticker);
    };
  }, [path]);

  return { mode, error };
}
