import { canonicalHeaderName } from './header-names.ts';
import { parseNameAddr, serializeNameAddr } from './header-values.ts';
import { randomToken } from './random.ts';
import type { SipHeader, SipRequest, SipResponse, Uri } from './types.ts';

export const REASON_PHRASES: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Unknown';
}

export function newTag(): string {
  return randomToken(8);
}

/** RFC 3261 §8.1.1.7: branch IDs start with the magic cookie z9hG4bK. */
export function newBranch(): string {
  return `z9hG4bK${randomToken(12)}`;
}

export interface ResponseOptions {
  readonly reason?: string;
  /** Tag added to To when the request's To has none (§8.2.6.2). */
  readonly toTag?: string;
  readonly headers?: readonly SipHeader[];
  readonly body?: Uint8Array;
}

const COPIED = new Set(['Via', 'From', 'To', 'Call-ID', 'CSeq']);

/**
 * A response to `request` per RFC 3261 §8.2.6.2: Via (all, in order), From, Call-ID and CSeq copied;
 * To copied with a tag added when it had none and the status is above 100. Record-Route is copied on
 * responses that can create a dialog (§12.1.1).
 */
export function createResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const headers: SipHeader[] = [];
  const copyRR = status > 100 && status < 300 && (request.method === 'INVITE' || request.method === 'SUBSCRIBE');
  for (const h of request.headers) {
    if (h.name === 'To' && status > 100 && options.toTag !== undefined)
      headers.push({ name: 'To', value: addTag(h.value, options.toTag) });
    else if (COPIED.has(h.name) || (copyRR && h.name === 'Record-Route')) headers.push(h);
  }
  for (const h of options.headers ?? []) headers.push({ name: canonicalHeaderName(h.name), value: h.value });
  return {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    body: options.body ?? new Uint8Array(0),
  };
}

/** Adds `;tag=` to a From/To value that has none. */
export function addTag(value: string, tag: string): string {
  const na = parseNameAddr(value);
  if (!na.ok) return value;
  if (na.value.params.some((p) => p.name.toLowerCase() === 'tag')) return value;
  return serializeNameAddr({ ...na.value, params: [...na.value.params, { name: 'tag', value: tag }] });
}

export interface RequestOptions {
  readonly method: string;
  readonly uri: Uri;
  readonly headers: readonly SipHeader[];
  readonly body?: Uint8Array;
}

export function createRequest(options: RequestOptions): SipRequest {
  return {
    kind: 'request',
    method: options.method,
    uri: options.uri,
    headers: options.headers.map((h) => ({ name: canonicalHeaderName(h.name), value: h.value })),
    body: options.body ?? new Uint8Array(0),
  };
}
