import { assertTransition } from '@rexian/kernel';
import { newBranch } from '../message/builders.ts';
import { parseNameAddr, serializeNameAddr } from '../message/header-values.ts';
import { getCallId, getContacts, getCSeq, getHeaderValues, getTag } from '../message/headers.ts';
import type { SipHeader, SipRequest, SipResponse, Uri } from '../message/types.ts';
import { getParam, isSipUri, serializeUri } from '../message/uri.ts';

export type DialogStateName = 'Early' | 'Confirmed' | 'Terminated';

/** RFC 3261 §12: a dialog starts early (1xx with To tag) or confirmed (2xx) and ends terminated. */
export const dialogTransitions = {
  Early: ['Early', 'Confirmed', 'Terminated'],
  Confirmed: ['Confirmed', 'Terminated'],
  Terminated: [],
} as const satisfies Record<DialogStateName, readonly DialogStateName[]>;

/** Dialog state as plain data (§12.1): id, sequence numbers, URIs, remote target and route set. */
export interface Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly state: DialogStateName;
  readonly localSeq: number;
  /** null until the peer sends a request in the dialog (§12.1.2). */
  readonly remoteSeq: number | null;
  /** From (UAC) / To (UAS) value without tag: our identity in the dialog. */
  readonly localUri: string;
  readonly remoteUri: string;
  readonly remoteTarget: Uri;
  /** Route set as name-addr values, in the order they go into Route headers. */
  readonly routeSet: readonly string[];
  readonly secure: boolean;
}

export function dialogId(d: Pick<Dialog, 'callId' | 'localTag' | 'remoteTag'>): string {
  return `${d.callId}|${d.localTag}|${d.remoteTag}`;
}

function withoutTag(value: string): string {
  const na = parseNameAddr(value);
  if (!na.ok) return value;
  return serializeNameAddr({ ...na.value, params: na.value.params.filter((p) => p.name.toLowerCase() !== 'tag') });
}

function contactTarget(m: SipRequest | SipResponse): Uri | null {
  const c = getContacts(m);
  if (!c.ok || c.value === '*' || c.value.length === 0) return null;
  return (c.value[0] as { uri: Uri }).uri;
}

/** §12.1.2: the UAC's dialog from its request and a 1xx/2xx response carrying a To tag. */
export function createUacDialog(request: SipRequest, response: SipResponse): Dialog | null {
  const remoteTag = getTag(response, 'To');
  const localTag = getTag(request, 'From');
  const target = contactTarget(response);
  if (!remoteTag || !localTag || !target || response.status >= 300) return null;
  return {
    callId: getCallId(request) ?? '',
    localTag,
    remoteTag,
    state: response.status < 200 ? 'Early' : 'Confirmed',
    localSeq: getCSeq(request)?.seq ?? 1,
    remoteSeq: null,
    localUri: withoutTag(request.headers.find((h) => h.name === 'From')?.value ?? ''),
    remoteUri: withoutTag(response.headers.find((h) => h.name === 'To')?.value ?? ''),
    remoteTarget: target,
    // The UAC's route set is the response's Record-Route in reverse order.
    routeSet: getHeaderValues(response, 'Record-Route').reverse(),
    secure: request.uri.scheme === 'sips',
  };
}

/** §12.1.1: the UAS's dialog from the request and the response it sends (with its To tag). */
export function createUasDialog(request: SipRequest, response: SipResponse): Dialog | null {
  const localTag = getTag(response, 'To');
  const remoteTag = getTag(request, 'From');
  const target = contactTarget(request);
  if (!localTag || !remoteTag || !target || response.status >= 300) return null;
  return {
    callId: getCallId(request) ?? '',
    localTag,
    remoteTag,
    state: response.status < 200 ? 'Early' : 'Confirmed',
    localSeq: 0,
    remoteSeq: getCSeq(request)?.seq ?? null,
    localUri: withoutTag(request.headers.find((h) => h.name === 'To')?.value ?? ''),
    remoteUri: withoutTag(request.headers.find((h) => h.name === 'From')?.value ?? ''),
    remoteTarget: target,
    routeSet: getHeaderValues(request, 'Record-Route'),
    secure: request.uri.scheme === 'sips',
  };
}

export function transitionDialog(d: Dialog, next: DialogStateName): Dialog {
  assertTransition(dialogTransitions, d.state, next, 'SIP_DIALOG_ILLEGAL_TRANSITION');
  return { ...d, state: next };
}

const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

/**
 * §12.2.2: a request inside the dialog. A CSeq lower than the last one is refused with 500; a
 * target-refresh request's Contact replaces the remote target.
 */
export function receiveInDialog(d: Dialog, request: SipRequest): { ok: true; dialog: Dialog } | { ok: false; status: 500 } {
  const seq = getCSeq(request)?.seq ?? 0;
  const inOrder = d.remoteSeq === null || seq > d.remoteSeq || request.method === 'ACK' || request.method === 'CANCEL';
  if (!inOrder) return { ok: false, status: 500 };
  let next: Dialog = request.method === 'ACK' || request.method === 'CANCEL' ? d : { ...d, remoteSeq: seq };
  const target = TARGET_REFRESH.has(request.method) ? contactTarget(request) : null;
  if (target) next = { ...next, remoteTarget: target };
  return { ok: true, dialog: next };
}

export interface InDialogOptions {
  /** Our Via value without branch, e.g. "SIP/2.0/UDP 192.0.2.1:5060;rport". */
  readonly via: string;
  readonly contact?: string;
  readonly headers?: readonly SipHeader[];
  readonly body?: Uint8Array;
}

/**
 * §12.2.1.1: a new request in the dialog. Loose routing when the first route has `lr` (Request-URI =
 * remote target); strict routing otherwise (Request-URI = first route, remote target appended).
 */
export function createInDialogRequest(d: Dialog, method: string, o: InDialogOptions): { dialog: Dialog; request: SipRequest } {
  const isAck = method === 'ACK';
  const seq = isAck ? d.localSeq : d.localSeq + 1;
  let uri: Uri = d.remoteTarget;
  let routes = [...d.routeSet];
  const first = routes[0] === undefined ? null : parseNameAddr(routes[0]);
  if (first?.ok && isSipUri(first.value.uri) && getParam(first.value.uri.params, 'lr') === undefined) {
    uri = first.value.uri;
    routes = [...routes.slice(1), `<${serializeUri(d.remoteTarget)}>`];
  }
  const headers: SipHeader[] = [
    { name: 'Via', value: `${o.via};branch=${newBranch()}` },
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: `${d.localUri};tag=${d.localTag}` },
    { name: 'To', value: `${d.remoteUri};tag=${d.remoteTag}` },
    { name: 'Call-ID', value: d.callId },
    { name: 'CSeq', value: `${seq} ${method}` },
    ...routes.map((value) => ({ name: 'Route', value })),
    ...(o.contact ? [{ name: 'Contact', value: o.contact }] : []),
    ...(o.headers ?? []),
  ];
  const request: SipRequest = { kind: 'request', method, uri, headers, body: o.body ?? new Uint8Array(0) };
  return { dialog: isAck ? d : { ...d, localSeq: seq }, request };
}
