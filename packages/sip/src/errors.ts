import { AppError } from '@rexian/kernel';
import type { SipRequest } from './message/types.ts';

/**
 * Stable error codes of the SIP package. Parse errors are plain values (no stack capture) because a
 * flood of garbage datagrams must not cost an Error object each; `toAppError` lifts one when needed.
 */
export const SipErrorCode = {
  MessageTooLarge: 'SIP_MESSAGE_TOO_LARGE',
  HeaderTooLong: 'SIP_HEADER_TOO_LONG',
  TooManyHeaders: 'SIP_TOO_MANY_HEADERS',
  Incomplete: 'SIP_MESSAGE_INCOMPLETE',
  BadStartLine: 'SIP_BAD_START_LINE',
  BadVersion: 'SIP_BAD_VERSION',
  BadHeader: 'SIP_BAD_HEADER',
  BadUri: 'SIP_BAD_URI',
  BadContentLength: 'SIP_BAD_CONTENT_LENGTH',
  MissingHeader: 'SIP_MISSING_HEADER',
  DuplicateHeader: 'SIP_DUPLICATE_HEADER',
  CSeqMismatch: 'SIP_CSEQ_METHOD_MISMATCH',
  TransactionTimeout: 'SIP_TRANSACTION_TIMEOUT',
  TransportError: 'SIP_TRANSPORT_ERROR',
  ConnectionClosed: 'SIP_CONNECTION_CLOSED',
  NoConnection: 'SIP_NO_CONNECTION',
  TlsConfig: 'SIP_TLS_CONFIG_MISSING',
  RequestNotSendable: 'SIP_REQUEST_NOT_SENDABLE',
  AuthChallengeRefused: 'SIP_AUTH_CHALLENGE_REFUSED',
  AuthBadChallenge: 'SIP_AUTH_BAD_CHALLENGE',
} as const;
export type SipErrorCode = (typeof SipErrorCode)[keyof typeof SipErrorCode];

/** Why a byte sequence is not an acceptable SIP message. `status` is what a UAS answers a request with. */
export interface SipParseError {
  readonly code: SipErrorCode;
  readonly reason: string;
  /** 400 for syntax, 413 for size, 505 for version; responses are dropped instead (RFC 3261 §18.3). */
  readonly status: 400 | 413 | 505 | 513;
  /** Header name involved, when there is one. */
  readonly header?: string;
  /**
   * For a request whose request line is bad but whose headers could be read: those headers (the
   * URI replaced by a placeholder), so a UAS can still answer 400/505 to the right Via (RFC 4475 §3.1.2).
   */
  readonly partial?: SipRequest;
}

export function parseError(
  code: SipErrorCode,
  reason: string,
  status: SipParseError['status'] = 400,
  header?: string,
): SipParseError {
  return header === undefined ? { code, reason, status } : { code, reason, status, header };
}

export function toAppError(e: SipParseError): AppError {
  return new AppError(e.code, e.reason, { category: 'invalid', details: { status: e.status, header: e.header } });
}

/** Failures of sending (the transaction layer turns them into transport errors, RFC 3261 §17.1.4). */
export const transportFailure = (code: SipErrorCode, message: string) =>
  new AppError(code, message, { kind: 'operational', category: 'unavailable' });
