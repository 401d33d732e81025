/**
 * The little of fetch and WebSocket the client uses, typed structurally so the same code runs on the browser's
 * globals, Node 24's (undici) and the tests' fakes, under both the DOM and the Node type libraries.
 */
export interface ResponseLike {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; getSetCookie?(): string[] };
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; credentials?: 'same-origin' | 'include' },
) => Promise<ResponseLike>;

export interface WebSocketLike {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (e: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (e: unknown) => void): void;
}

/**
 * Browsers take `(url)`; Node's undici WebSocket also takes `(url, { headers })`, which is how a Node client
 * sends its session cookie (browsers send theirs by themselves).
 */
export type WebSocketConstructorLike = new (
  url: string,
  protocolsOrInit?: string | string[] | { headers?: Record<string, string> },
) => WebSocketLike;

/** Timers, injectable for the tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};
