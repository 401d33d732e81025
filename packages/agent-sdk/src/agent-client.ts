import {
  type AgentDial,
  type AgentParty,
  type AgentSession,
  type AgentSignIn,
  type AgentStateChange,
  agentDialResult,
  agentSession,
  type ClickToCall,
  type ClickToCallState,
  clickToCallResult,
  clickToCallState,
  type Me,
  me,
  type TransferTarget,
} from '@rexian/contracts';
import { type AgentStream, createAgentStream, type ReconnectOptions } from './agent-stream.ts';
import { AgentApiError, errorFromResponse, sdkErrorCodes } from './errors.ts';
import { type FetchLike, realTimers, type Timers, type WebSocketConstructorLike } from './transport.ts';

/** The zod schemas of @rexian/contracts, seen structurally (the SDK depends on contracts only). */
type Schema<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string; issues: unknown } };
};

export const SESSION_COOKIE = 'rexian_session';

export interface AgentClientOptions {
  /**
   * The server's origin, e.g. `https://cc.example.com` (the API is under `/api/v1`). In a browser it may be
   * omitted: the page's own origin.
   */
  baseUrl?: string;
  /** Default: the global fetch (browsers, Node 24). */
  fetch?: FetchLike;
  /** Default: the global WebSocket (browsers, Node 24). */
  WebSocket?: WebSocketConstructorLike;
  /**
   * Node only: a session cookie (`rexian_session=…`) obtained elsewhere. `login()` fills it in. Browsers keep
   * the cookie themselves and ignore this.
   */
  cookie?: string;
  /**
   * Reserved for the third-party click-to-call API (docs/agent-sdk.md, "Not yet"): sent as
   * `Authorization: Bearer <key>`. The agent endpoints do not accept API keys yet.
   */
  apiKey?: string;
  /** The language of the server's error messages. */
  locale?: 'zh-CN' | 'en-US';
  /** Browsers: send the cookie to another origin too (the server must allow it). Default 'same-origin'. */
  credentials?: 'same-origin' | 'include';
}

export interface ConnectOptions {
  /** Back-off for reconnects; false: do not reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Called when one of your listeners throws (default: console.error). */
  onListenerError?: (error: unknown) => void;
  /** Tests: fake timers and randomness. */
  timers?: Timers;
  random?: () => number;
}

export interface AgentClient {
  /** Signs the user in; in Node the session cookie is kept for the following calls and the stream. */
  login(username: string, password: string): Promise<Me>;
  /** The first sign-in with a temporary password must change it before anything else. */
  changePassword(currentPassword: string, newPassword: string): Promise<Me>;
  logout(): Promise<void>;
  me(): Promise<Me>;
  /** My agent session: state, extension, current call. */
  session(): Promise<AgentSession>;
  /** 签入. `{}`: the bound extension; `{extension: '8001'}`: another; `{extension: null}`: monitor only. */
  signIn(options?: AgentSignIn): Promise<AgentSession>;
  /** 签出. */
  signOut(): Promise<AgentSession>;
  /** 示闲 / 示忙 (with a busy reason id) / away / outbound only. */
  setState(state: AgentStateChange['state'] | AgentStateChange, reasonId?: string): Promise<AgentSession>;
  /** Answer the ringing call from here (for phones that honour auto-answer headers). */
  answer(): Promise<AgentSession>;
  hangup(): Promise<AgentSession>;
  hold(): Promise<AgentSession>;
  unhold(): Promise<AgentSession>;
  /** Blind transfer (盲转 / 转接队列 / 转接 IVR); I go to wrap-up. */
  transfer(to: TransferTarget): Promise<AgentSession>;
  /** Consult (询问) an agent, extension or number while the customer waits with music. */
  consult(to: AgentParty): Promise<AgentSession>;
  /** Complete the consult (询问转): the customer talks to the consulted party; I wrap up. */
  completeConsult(): Promise<AgentSession>;
  /** Cancel the consult: the consulted party is dropped, I am back with the customer. */
  cancelConsult(): Promise<AgentSession>;
  /** Three-way (三方): add an agent, extension or outside number. */
  conference(to: AgentParty): Promise<AgentSession>;
  /** Drop the third party; the customer and I go on. */
  dropConference(): Promise<AgentSession>;
  /** Rating (评分): I leave, the customer hears the satisfaction survey. */
  rate(): Promise<AgentSession>;
  /** Click to dial (外呼) / internal call (座席互打): my phone rings first, then the party. */
  dial(to: AgentParty, options?: Omit<AgentDial, 'to'>): Promise<{ callId: string }>;
  /**
   * Click to call for a CRM server with an API key (`apiKey` option; Node only — never ship a key to a
   * browser): the agent's phone rings first, then the number.
   */
  clickToCall(body: ClickToCall): Promise<{ callId: string }>;
  /** A click-to-call call's progress (API key). */
  clickToCallState(callId: string): Promise<ClickToCallState>;
  /** Opens the event stream (`/api/v1/agent/stream`). */
  connect(options?: ConnectOptions): AgentStream;
  /** Any other endpoint of the API (`path` under `/api/v1`), with the client's session and error handling. */
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** The session cookie a Node client holds (after `login()` or from the options). */
  readonly cookie: string | undefined;
}

export function createAgentClient(options: AgentClientOptions = {}): AgentClient {
  const origin = resolveOrigin(options.baseUrl);
  const api = `${origin}/api/v1`;
  const doFetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
  let cookie = options.cookie;

  const headers = (withBody: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(withBody ? { 'content-type': 'application/json' } : {}),
    ...(cookie ? { cookie } : {}),
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...(options.locale ? { 'accept-language': options.locale } : {}),
  });

  const send = async (method: string, path: string, body?: unknown) => {
    if (!doFetch) throw new AgentApiError(sdkErrorCodes.network, 'no fetch: pass options.fetch');
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await doFetch(`${api}${path}`, {
        method,
        headers: headers(body !== undefined),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        credentials: options.credentials ?? 'same-origin',
      });
    } catch (e) {
      throw new AgentApiError(sdkErrorCodes.network, `${method} ${path}: ${String(e)}`, { cause: e });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new AgentApiError(sdkErrorCodes.badResponse, `${method} ${path}: HTTP ${response.status}, not JSON`, {
        status: response.status,
      });
    }
    if (!response.ok) throw errorFromResponse(response.status, json);
    return { json, response };
  };

  const call = async <T>(schema: Schema<T>, method: string, path: string, body?: unknown): Promise<T> =>
    parse(schema, (await send(method, path, body)).json, method, path);
  const parse = <T>(schema: Schema<T>, json: unknown, method: string, path: string): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AgentApiError(sdkErrorCodes.badResponse, `${method} ${path}: ${parsed.error.message}`, {
        details: { issues: parsed.error.issues },
      });
    }
    return parsed.data;
  };

  const client: AgentClient = {
    async login(username, password) {
      const { json, response } = await send('POST', '/auth/login', { username, password });
      const set = response.headers.getSetCookie?.() ?? [];
      const ours = set.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (ours) cookie = ours;
      else if (!isBrowser()) {
        throw new AgentApiError(sdkErrorCodes.noSession, 'the server did not set a session cookie');
      }
      return parse(me as Schema<Me>, json, 'POST', '/auth/login');
    },
    changePassword: (currentPassword, newPassword) =>
      call(me as Schema<Me>, 'POST', '/auth/password', { currentPassword, newPassword }),
    async logout() {
      await send('POST', '/auth/logout');
      cookie = undefined;
    },
    me: () => call(me as Schema<Me>, 'GET', '/auth/me'),
    session: () => call(agentSession, 'GET', '/agent/session'),
    signIn: (o = {}) => call(agentSession, 'POST', '/agent/session', o),
    signOut: () => call(agentSession, 'DELETE', '/agent/session'),
    setState(state, reasonId) {
      const body = typeof state === 'string' ? { state, ...(reasonId === undefined ? {} : { reasonId }) } : state;
      return call(agentSession, 'PUT', '/agent/session/state', body);
    },
    answer: () => call(agentSession, 'POST', '/agent/call/answer'),
    hangup: () => call(agentSession, 'POST', '/agent/call/hangup'),
    hold: () => call(agentSession, 'POST', '/agent/call/hold'),
    unhold: () => call(agentSession, 'POST', '/agent/call/unhold'),
    transfer: (to) => call(agentSession, 'POST', '/agent/call/transfer', { to }),
    consult: (to) => call(agentSession, 'POST', '/agent/call/consult', { to }),
    completeConsult: () => call(agentSession, 'POST', '/agent/call/consult/complete'),
    cancelConsult: () => call(agentSession, 'POST', '/agent/call/consult/cancel'),
    conference: (to) => call(agentSession, 'POST', '/agent/call/conference', { to }),
    dropConference: () => call(agentSession, 'POST', '/agent/call/conference/drop'),
    rate: () => call(agentSession, 'POST', '/agent/call/rate'),
    dial: (to, o = {}) => call(agentDialResult, 'POST', '/agent/dial', { to, ...o }),
    clickToCall: (body) => call(clickToCallResult, 'POST', '/click-to-call', body),
    clickToCallState: (callId) => call(clickToCallState, 'GET', `/click-to-call/${encodeURIComponent(callId)}`),
    async request<T>(method: string, path: string, body?: unknown) {
      return (await send(method, path, body)).json as T;
    },
    connect(o = {}) {
      const Ws = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructorLike | undefined);
      const url = `${api.replace(/^http/, 'ws')}/agent/stream`;
      return createAgentStream({
        open() {
          if (!Ws) throw new Error('no WebSocket: pass options.WebSocket');
          const h: Record<string, string> = {
            ...(cookie ? { cookie } : {}),
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          };
          // Browsers refuse an options object; they send the page's cookie by themselves.
          return isBrowser() || Object.keys(h).length === 0 ? new Ws(url) : new Ws(url, { headers: h });
        },
        probe: () => client.session(),
        reconnect: o.reconnect ?? {},
        timers: o.timers ?? realTimers,
        random: o.random ?? Math.random,
        onListenerError: o.onListenerError ?? ((e) => console.error('agent-sdk: a stream listener threw', e)),
      });
    },
    get cookie() {
      return cookie;
    },
  };
  return client;
}

/**
 * Browsers (pages and workers) keep the cookie themselves, hide Set-Cookie and refuse WebSocket headers; Node
 * (and runtimes that present themselves as Node) need the cookie sent by hand.
 */
function isBrowser(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node !== 'string';
}

function resolveOrigin(baseUrl: string | undefined): string {
  const here = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (baseUrl === undefined || baseUrl === '') {
    if (!here) throw new AgentApiError(sdkErrorCodes.network, 'baseUrl is required outside a browser');
    return here;
  }
  const url = new URL(baseUrl, here);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
