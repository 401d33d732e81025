import type { Logger, TypedEmitter } from '@rexian/kernel';
import type { SipParseError } from '../errors.ts';
import { createResponse, reasonPhrase } from '../message/builders.ts';
import { parseMessage } from '../message/parser.ts';
import type { ParseLimits, SipResponse } from '../message/types.ts';
import { validateMessage } from '../message/validate.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { Flow, TransportEvents } from './transport.ts';
import { stampReceived } from './via-received.ts';

export interface InboundOptions {
  readonly events: TypedEmitter<TransportEvents>;
  readonly logger: Logger;
  readonly limits?: Partial<ParseLimits>;
  readonly rateLimiter?: RateLimiter;
}

/**
 * What every transport does with received bytes: rate-limit by source, parse, answer malformed
 * requests with 400 (RFC 3261 §8.2 / RFC 4475 §3.1.2) and drop malformed responses (§18.3), stamp
 * received/rport (RFC 3581), then hand the message up.
 */
export function createInbound(options: InboundOptions) {
  const { events, logger } = options;
  function answer(response: SipResponse, flow: Flow): void {
    try {
      flow.send(response);
    } catch (error) {
      logger.debug({ error }, 'could not answer a malformed request');
    }
  }

  return function handle(bytes: Buffer, flow: Flow, datagram: boolean): void {
    if (options.rateLimiter && !options.rateLimiter.allow(flow.remote.address)) {
      events.emit('limited', flow.remote);
      return;
    }
    const r = parseMessage(bytes, { datagram, validate: false, limits: options.limits });
    if (!r.ok) {
      events.emit('rejected', r.error, flow.remote);
      const partial = r.error.partial;
      if (partial && partial.method !== 'ACK')
        answer(createResponse(partial, r.error.status, { reason: reasonFor(r.error) }), flow);
      return;
    }
    let m = r.value;
    const problem = validateMessage(m);
    if (problem) {
      events.emit('rejected', problem, flow.remote);
      if (m.kind === 'request' && m.method !== 'ACK')
        answer(createResponse(m, problem.status, { reason: reasonFor(problem) }), flow);
      return;
    }
    if (m.kind === 'request') m = stampReceived(m, flow.remote.address, flow.remote.port);
    events.emit('message', m, flow);
  };
}

function reasonFor(e: SipParseError): string {
  return `${reasonPhrase(e.status)} (${e.reason})`.replace(/[\r\n]/g, ' ').slice(0, 120);
}
