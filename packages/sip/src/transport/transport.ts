import type { TypedEmitter } from '@rexian/kernel';
import type { SipParseError } from '../errors.ts';
import type { SipMessage } from '../message/types.ts';
import type { TransactionIo } from '../transaction/transaction-base.ts';

export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** A path to one peer over one transport; what transactions send on (reliable unless UDP). */
export interface Flow extends TransactionIo {
  readonly protocol: TransportProtocol;
  readonly remote: Endpoint;
}

export type TransportEvents = {
  /** A framed, valid message. Requests carry received/rport in their top Via already (RFC 3581). */
  message: [message: SipMessage, flow: Flow];
  /** Bytes refused (bad syntax, limits); requests among them were answered 400/413/505 where possible. */
  rejected: [error: SipParseError, source: Endpoint];
  /** Messages dropped by the per-source rate limit. */
  limited: [source: Endpoint];
  error: [error: unknown];
};

export interface Transport {
  readonly protocol: TransportProtocol;
  readonly reliable: boolean;
  readonly events: TypedEmitter<TransportEvents>;
  /** Binds the configured host and port (0 picks a free one) and resolves with the bound endpoint. */
  listen(): Promise<Endpoint>;
  /** A flow to `target`, reusing a live connection on connection-oriented transports. */
  flowTo(target: Endpoint): Flow;
  close(): Promise<void>;
}
