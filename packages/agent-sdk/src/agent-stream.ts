import { type AgentEvent, type AgentSession, agentEvent } from '@rexian/contracts';
import { AgentApiError, isAgentApiError, isFatalCode, sdkErrorCodes } from './errors.ts';
import type { Timers, WebSocketLike } from './transport.ts';

type EventOfType = { [K in AgentEvent['type']]: Extract<AgentEvent, { type: K }> };

/** What `stream.on(name, fn)` can listen to: the server's agent events by type, and the stream's own signals. */
export type AgentStreamEvents = EventOfType & {
  /** Every agent event, whatever its type. */
  event: AgentEvent;
  /** The socket is open and the server's first `session` message arrived (again, after a reconnect). */
  open: AgentSession;
  /** The socket closed; `willReconnect` says whether the stream tries again. */
  close: { code: number; reason: string; willReconnect: boolean };
  /** A reconnect is scheduled after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** A failure: a malformed message (the stream goes on) or a fatal one (the stream has stopped; `status` is 'closed'). */
  error: AgentApiError;
  /** A message of a type this SDK does not know (a newer server); kept raw. */
  unknown: unknown;
};
export type AgentStreamEventName = keyof AgentStreamEvents;
export type AgentStreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ReconnectOptions {
  /** First delay; it doubles (times `factor`) per failed attempt up to `maxDelayMs`. Default 500 ms. */
  initialDelayMs?: number;
  /** Default 30 s. */
  maxDelayMs?: number;
  /** Default 2. */
  factor?: number;
  /** ± this share of the delay at random, so a restarted server is not hit by every agent at once. Default 0.2. */
  jitter?: number;
}

export interface AgentStream {
  on<K extends AgentStreamEventName>(name: K, listener: (payload: AgentStreamEvents[K]) => void): () => void;
  off<K extends AgentStreamEventName>(name: K, listener: (payload: AgentStreamEvents[K]) => void): void;
  /** Resolves with the first session the server sends; rejects if the stream stops before. */
  ready(): Promise<AgentSession>;
  readonly status: AgentStreamStatus;
  /** The latest session seen on the stream (null until the first). */
  readonly session: AgentSession | null;
  /** Stops for good: closes the socket, cancels a pending reconnect. */
  close(): void;
}

export interface AgentStreamDeps {
  open(): WebSocketLike;
  /** Asks the HTTP API why the socket would not open (an upgrade refused with 401/403/404 looks like a bare close). */
  probe(): Promise<unknown>;
  reconnect: ReconnectOptions | false;
  timers: Timers;
  random: () => number;
  onListenerError: (error: unknown) => void;
}

/** The agent's event stream with automatic reconnect and back-off. */
export function createAgentStream(deps: AgentStreamDeps): AgentStream {
  const listeners = new Map<AgentStreamEventName, Set<(payload: never) => void>>();
  const backoff = deps.reconnect === false ? undefined : deps.reconnect;
  let status: AgentStreamStatus = 'connecting';
  let session: AgentSession | null = null;
  let socket: WebSocketLike | undefined;
  let timer: unknown;
  let attempt = 0;
  let readyWaiters: { resolve: (s: AgentSession) => void; reject: (e: unknown) => void }[] = [];

  const emit = <K extends AgentStreamEventName>(name: K, payload: AgentStreamEvents[K]) => {
    for (const fn of [...(listeners.get(name) ?? [])]) {
      try {
        (fn as (p: AgentStreamEvents[K]) => void)(payload);
      } catch (e) {
        deps.onListenerError(e); // one listener's exception never stops the stream or the other listeners
      }
    }
  };

  const stop = (error: AgentApiError) => {
    status = 'closed';
    emit('error', error);
    for (const w of readyWaiters) w.reject(error);
    readyWaiters = [];
  };

  const connect = () => {
    let sawMessage = false;
    let serverError: string | undefined;
    let ws: WebSocketLike;
    try {
      ws = deps.open();
    } catch (e) {
      stop(new AgentApiError(sdkErrorCodes.streamClosed, `cannot open the stream: ${String(e)}`, { cause: e }));
      return;
    }
    socket = ws;
    ws.addEventListener('message', (e) => {
      if (socket !== ws) return;
      sawMessage = true;
      let data: unknown;
      try {
        data = JSON.parse(String(e.data));
      } catch {
        emit('error', new AgentApiError(sdkErrorCodes.badEvent, 'a stream message is not JSON'));
        return;
      }
      const type = (data as { type?: unknown } | null)?.type;
      if (type === 'error') {
        // The server names why it is about to close the socket (`{type:'error', code}`).
        const code = (data as { code?: unknown }).code;
        serverError = typeof code === 'string' ? code : 'INTERNAL_ERROR';
        return;
      }
      const parsed = agentEvent.safeParse(data);
      if (!parsed.success) {
        if (typeof type === 'string' && knownTypes.has(type)) {
          emit('error', new AgentApiError(sdkErrorCodes.badEvent, `a ${type} message does not match its schema`));
        } else emit('unknown', data);
        return;
      }
      const event = parsed.data;
      if (event.type === 'session') {
        session = event.session;
        if (status !== 'open') {
          status = 'open';
          attempt = 0;
          for (const w of readyWaiters) w.resolve(event.session);
          readyWaiters = [];
          emit('open', event.session);
        }
      }
      emit(event.type, event as never);
      emit('event', event);
    });
    ws.addEventListener('close', (e) => {
      if (socket !== ws) return;
      socket = undefined;
      if (status === 'closed') return;
      if (status === 'open') status = 'reconnecting';
      void afterClose(e.code, e.reason, sawMessage, serverError);
    });
    // 'error' is always followed by 'close', where the decision is taken.
    ws.addEventListener('error', () => undefined);
  };

  const afterClose = async (code: number, reason: string, sawMessage: boolean, serverError: string | undefined) => {
    let fatal: AgentApiError | undefined;
    if (serverError && isFatalCode(serverError)) {
      fatal = new AgentApiError(serverError, reason || serverError);
    } else if (!sawMessage) {
      // The upgrade was refused or the server is down; the HTTP API tells which.
      try {
        await deps.probe();
      } catch (e) {
        if (isAgentApiError(e) && e.isFatal) fatal = e;
      }
      if (status === 'closed') return; // closed by the user meanwhile
    }
    const willReconnect = !fatal && backoff !== undefined;
    emit('close', { code, reason, willReconnect });
    if (status === 'closed') return; // a close listener closed the stream
    if (fatal) return stop(fatal);
    if (!backoff) {
      const why = serverError ?? `closed with code ${code}`;
      return stop(new AgentApiError(sdkErrorCodes.streamClosed, `the stream closed (${why}); reconnect is off`));
    }
    status = 'reconnecting';
    const base = Math.min(backoff.maxDelayMs ?? 30_000, (backoff.initialDelayMs ?? 500) * (backoff.factor ?? 2) ** attempt);
    const spread = backoff.jitter ?? 0.2;
    const delayMs = Math.round(base * (1 - spread + 2 * spread * deps.random()));
    attempt += 1;
    emit('reconnecting', { attempt, delayMs });
    timer = deps.timers.setTimeout(() => {
      timer = undefined;
      if (status === 'reconnecting') connect();
    }, delayMs);
  };

  connect();

  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener as (payload: never) => void);
    },
    ready() {
      if (status === 'open' && session) return Promise.resolve(session);
      if (status === 'closed') {
        return Promise.reject(new AgentApiError(sdkErrorCodes.streamClosed, 'the stream is closed'));
      }
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    get status() {
      return status;
    },
    get session() {
      return session;
    },
    close() {
      if (status === 'closed') return;
      status = 'closed';
      if (timer !== undefined) deps.timers.clearTimeout(timer);
      timer = undefined;
      const ws = socket;
      socket = undefined;
      ws?.close(1000, 'closed by the client');
      const error = new AgentApiError(sdkErrorCodes.streamClosed, 'the stream was closed by the client');
      for (const w of readyWaiters) w.reject(error);
      readyWaiters = [];
    },
  };
}

const knownTypes = new Set<string>(agentEvent.options.map((o) => o.shape.type.value));
