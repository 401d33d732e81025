import { type Clock, type Logger, nullLogger } from '@rexian/kernel';
import type { BanList } from '../auth/ban-list.ts';
import type { DigestServer } from '../auth/digest-server.ts';
import { isScannerUserAgent } from '../auth/scanner.ts';
import { createResponse, newTag } from '../message/builders.ts';
import { getHeader, getTag } from '../message/headers.ts';
import type { SipRequest, Via } from '../message/types.ts';
import type { Registrar } from '../registrar/registrar.ts';
import type { TimerConfig } from '../transaction/timers.ts';
import { type ServerTransaction, TransactionLayer } from '../transaction/transaction-layer.ts';
import type { Flow, Transport } from '../transport/transport.ts';
import { createUaCore, type RequestHandler } from './ua-core.ts';

/**
 * Methods that must prove who sends them (issue 3 item 5); OPTIONS keep-alives and ACK/CANCEL do not.
 * Requests inside a dialog (To tag present) are not challenged — the dialog was authenticated when it
 * was created, and phones commonly mishandle a 401 to BYE — the switch matches them to its dialogs.
 */
const AUTHENTICATED = new Set([
  'REGISTER',
  'INVITE',
  'SUBSCRIBE',
  'MESSAGE',
  'REFER',
  'PUBLISH',
  'NOTIFY',
  'INFO',
  'UPDATE',
  'BYE',
  'PRACK',
]);

export interface SipServiceOptions {
  readonly clock: Clock;
  readonly transports: readonly Transport[];
  readonly digest: DigestServer;
  readonly registrar: Registrar;
  readonly banList?: BanList;
  readonly logger?: Logger;
  readonly timers?: Partial<TimerConfig>;
  /**
   * Requests other than REGISTER (the switch's entry point): `user` is the digest user of an initial
   * request, null for an in-dialog one. Default: 480 (initial) / 481 (in-dialog).
   */
  readonly onRequest?: (
    request: SipRequest,
    tx: ServerTransaction,
    user: string | null,
    flow: Flow | undefined,
  ) => void | Promise<void>;
  /**
   * Sources trusted without digest (IP-authenticated carrier trunks): returns the label passed on as
   * `user` (e.g. "trunk:<id>"), or null to challenge as usual. REGISTER is always challenged.
   */
  readonly trustedSource?: (flow: Flow) => string | null;
  readonly supported?: readonly string[];
  /** Recognises Vias this server added, for loop detection (482). */
  readonly isOwnVia?: (via: Via) => boolean;
}

/**
 * The SIP edge as a composition of the package's parts: transports → ban gate → transaction layer →
 * UA core → digest → registrar (or the caller's handler). The lead's server builds one of these with
 * database-backed ports.
 */
export function createSipService(options: SipServiceOptions) {
  const logger = options.logger ?? nullLogger;
  const layer = new TransactionLayer({ clock: options.clock, timers: options.timers, logger, isOwnVia: options.isOwnVia });
  // A server transaction sends on the flow its request arrived on, which is the Flow given to receive().
  const handlers = buildHandlers(options, (tx) => tx.io as Flow);
  layer.on('request', createUaCore({ handlers, supported: options.supported ?? ['path', 'outbound'], logger }));

  for (const t of options.transports) {
    t.events.on('message', (message, flow) => {
      if (options.banList?.isBanned(flow.remote.address)) return;
      if (message.kind === 'request') {
        if (isScannerUserAgent(getHeader(message, 'User-Agent'))) {
          options.banList?.recordFailure(flow.remote.address, null);
          return;
        }
      }
      layer.receive(message, flow);
    });
    t.events.on('error', (error) => logger.warn({ error, transport: t.protocol }, 'transport error'));
  }

  return {
    layer,
    async start() {
      return Promise.all(options.transports.map((t) => t.listen()));
    },
    async stop() {
      await Promise.all(options.transports.map((t) => t.close()));
    },
  };
}

type Authenticated = (request: SipRequest, tx: ServerTransaction, user: string) => void | Promise<void>;

/** REGISTER → registrar, other authenticated methods → `onRequest`, each behind the digest gate. */
function buildHandlers(
  options: SipServiceOptions,
  flowOf: (tx: ServerTransaction) => Flow | undefined,
): Record<string, RequestHandler> {
  async function authenticate(request: SipRequest, tx: ServerTransaction): Promise<string | null> {
    const flow = flowOf(tx);
    const outcome = await options.digest.verify(request);
    if (outcome.ok) {
      if (flow) options.banList?.recordSuccess(flow.remote.address, outcome.username);
      return outcome.username;
    }
    // The first, expected 401 and a stale nonce are not failures; everything else is.
    if (flow && outcome.reason !== 'missing' && outcome.reason !== 'stale') {
      options.banList?.recordFailure(flow.remote.address, outcome.claimedUser);
    }
    tx.respond(createResponse(request, outcome.status, { toTag: newTag(), headers: outcome.challenge }));
    return null;
  }
  const guarded =
    (run: Authenticated): RequestHandler =>
    async (request, tx) => {
      const user = await authenticate(request, tx);
      if (user !== null) await run(request, tx, user);
    };
  const handlers: Record<string, RequestHandler> = {
    REGISTER: guarded(async (request, tx, user) => {
      const flow = flowOf(tx);
      const source = flow
        ? { protocol: flow.protocol, address: flow.remote.address, port: flow.remote.port }
        : { protocol: 'UDP', address: '', port: 0 };
      tx.respond(await options.registrar.handle(request, user, source));
    }),
  };
  const toSwitch = async (request: SipRequest, tx: ServerTransaction, user: string | null) => {
    if (options.onRequest) await options.onRequest(request, tx, user, flowOf(tx));
    else tx.respond(createResponse(request, user === null ? 481 : 480, { toTag: newTag() }));
  };
  const challenged = guarded(toSwitch);
  const initial: RequestHandler = async (request, tx) => {
    const flow = flowOf(tx);
    const trusted = flow && options.trustedSource ? options.trustedSource(flow) : null;
    if (trusted !== null) await toSwitch(request, tx, trusted);
    else await challenged(request, tx);
  };
  for (const method of AUTHENTICATED) {
    if (method === 'REGISTER') continue;
    handlers[method] = (request, tx) =>
      getTag(request, 'To') === undefined ? initial(request, tx) : toSwitch(request, tx, null);
  }
  return handlers;
}
