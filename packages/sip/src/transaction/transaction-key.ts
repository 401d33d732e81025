import { getCallId, getCSeq, getTag, getTopVia } from '../message/headers.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { getParam, serializeUri } from '../message/uri.ts';

/** RFC 3261 §8.1.1.7 magic cookie: branches starting with it are unique per transaction. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** §17.1.3: a response matches the client transaction with the same top-Via branch and CSeq method. */
export function clientKeyOf(message: SipRequest | SipResponse): string | null {
  const via = getTopVia(message);
  const cseq = getCSeq(message);
  const branch = via ? getParam(via.params, 'branch') : undefined;
  if (!branch || !cseq) return null;
  return `${branch}|${cseq.method}`;
}

/**
 * §17.2.3: branch + sent-by + method, with ACK matching its INVITE. Requests from RFC 2543 elements
 * (no magic cookie) fall back to the older dialog-and-Via comparison.
 */
export function serverKeyOf(request: SipRequest, methodOverride?: string): string | null {
  const via = getTopVia(request);
  const cseq = getCSeq(request);
  if (!via || !cseq) return null;
  const method = methodOverride ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const branch = getParam(via.params, 'branch');
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  if (branch?.startsWith(MAGIC_COOKIE)) return `${branch}|${sentBy}|${method}`;
  return [
    '2543',
    serializeUri(request.uri),
    getTag(request, 'From') ?? '',
    getCallId(request) ?? '',
    cseq.seq,
    sentBy,
    branch ?? '',
    method,
  ].join('|');
}

/** §8.2.2.2 merged-request key: From tag, Call-ID and CSeq of a request without To tag. */
export function mergeKeyOf(request: SipRequest): string | null {
  if (getTag(request, 'To') !== undefined) return null;
  const cseq = getCSeq(request);
  const fromTag = getTag(request, 'From');
  if (!cseq || !fromTag) return null;
  return `${fromTag}|${getCallId(request) ?? ''}|${cseq.seq}|${cseq.method}`;
}
