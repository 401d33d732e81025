import { type Logger, nullLogger } from '@rexian/kernel';
import { createResponse, newTag } from '../message/builders.ts';
import { getOptionTags } from '../message/headers.ts';
import type { SipRequest } from '../message/types.ts';
import type { ServerTransaction } from '../transaction/transaction-layer.ts';

export type RequestHandler = (request: SipRequest, tx: ServerTransaction) => void | Promise<void>;

/** Methods of RFC 3261 and its common extensions: known, so a missing handler means 405, not 501. */
const KNOWN_METHODS = new Set([
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'REGISTER',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
]);

export interface UaCoreOptions {
  readonly handlers: Readonly<Record<string, RequestHandler>>;
  /** Option tags we implement (Supported); a Require outside this list gets 420. */
  readonly supported?: readonly string[];
  readonly accept?: readonly string[];
  readonly logger?: Logger;
}

/**
 * The UAS core checks of RFC 3261 §8.2 before any handler runs: URI scheme (416), Require (420 with
 * Unsupported), method (405 with Allow for known methods, 501 for unknown ones); OPTIONS answered 200
 * with our capabilities when nobody handles it (§11.2).
 */
export function createUaCore(options: UaCoreOptions) {
  const logger = options.logger ?? nullLogger;
  const supported = new Set((options.supported ?? []).map((t) => t.toLowerCase()));
  const allow = [...new Set(['OPTIONS', ...Object.keys(options.handlers)])].join(', ');
  const capabilities = [
    { name: 'Allow', value: allow },
    ...(supported.size > 0 ? [{ name: 'Supported', value: [...supported].join(', ') }] : []),
    { name: 'Accept', value: (options.accept ?? ['application/sdp']).join(', ') },
  ];

  return function onRequest(request: SipRequest, tx: ServerTransaction): void {
    const reply = (status: number, headers = [] as { name: string; value: string }[]) =>
      tx.respond(createResponse(request, status, { toTag: newTag(), headers }));
    const scheme = request.uri.scheme;
    if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') {
      reply(416);
      return;
    }
    if (request.method !== 'CANCEL' && request.method !== 'ACK') {
      // §8.2.2.3: every Require tag we do not support is listed in Unsupported.
      const missing = getOptionTags(request, 'Require').filter((t) => !supported.has(t));
      if (missing.length > 0) {
        reply(420, [{ name: 'Unsupported', value: missing.join(', ') }]);
        return;
      }
    }
    const handler = options.handlers[request.method];
    if (handler) {
      Promise.resolve()
        .then(() => handler(request, tx))
        .catch((error: unknown) => {
          logger.error({ error, method: request.method }, 'request handler failed');
          if (!tx.finalResponseSent) reply(500);
        });
      return;
    }
    if (request.method === 'OPTIONS') reply(200, capabilities);
    else if (KNOWN_METHODS.has(request.method)) reply(405, [{ name: 'Allow', value: allow }]);
    else reply(501);
  };
}
