import type { AgentSession } from '@rexian/contracts';
import type { FetchLike, ResponseLike, Timers, WebSocketLike } from '../transport.ts';

export const aSession = (over: Partial<AgentSession> = {}): AgentSession => ({
  agentId: 'a1',
  agentNumber: '2001',
  agentName: '座席1',
  extension: '8801',
  boundExtension: '8801',
  state: 'idle',
  reasonId: null,
  stateSince: '2026-01-01T00:00:00.000Z',
  call: null,
  now: '2026-01-01T00:00:01.000Z',
  ...over,
});

export type Recorded = { method: string; url: string; headers: Record<string, string>; body: unknown };

/** A fetch answering from a handler, recording every request. */
export function fakeFetch(
  handle: (r: Recorded) => { status: number; body?: unknown; raw?: string; setCookie?: string[] } | Error,
) {
  const requests: Recorded[] = [];
  const fetch: FetchLike = async (url, init) => {
    const r: Recorded = {
      method: init.method,
      url,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    };
    requests.push(r);
    const a = handle(r);
    if (a instanceof Error) throw a;
    const text = a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body));
    const response: ResponseLike = {
      status: a.status,
      ok: a.status >= 200 && a.status < 300,
      headers: { get: () => null, getSetCookie: () => a.setCookie ?? [] },
      text: async () => text,
    };
    return response;
  };
  return { fetch, requests };
}

/** A WebSocket the test drives: `sockets` lists every one the client opened. */
export function fakeWebSocket() {
  const sockets: FakeSocket[] = [];
  class FakeSocket implements WebSocketLike {
    readyState = 0;
    closedBy: { code?: number; reason?: string } | undefined;
    readonly listeners = new Map<string, ((e: never) => void)[]>();
    readonly url: string;
    readonly init: unknown;
    constructor(url: string, init?: unknown) {
      this.url = url;
      this.init = init;
      sockets.push(this);
    }
    addEventListener(type: string, listener: (e: never) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    close(code?: number, reason?: string): void {
      this.closedBy = { code, reason };
      this.readyState = 3;
    }
    private fire(type: string, e: unknown): void {
      for (const l of this.listeners.get(type) ?? []) l(e as never);
    }
    serverOpen(): void {
      this.readyState = 1;
      this.fire('open', {});
    }
    serverSend(message: unknown): void {
      this.fire('message', { data: typeof message === 'string' ? message : JSON.stringify(message) });
    }
    serverClose(code = 1006, reason = ''): void {
      this.readyState = 3;
      this.fire('error', {});
      this.fire('close', { code, reason });
    }
  }
  return { WebSocket: FakeSocket, sockets };
}

/** Timers that fire only when the test says so. */
export function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
  };
  return {
    timers,
    pending,
    /** Runs every pending timer; returns their delays. */
    fire(): number[] {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, t] of due) t.fn();
      return due.map(([, t]) => t.ms);
    },
  };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise<void>((r) => setImmediate(r));
