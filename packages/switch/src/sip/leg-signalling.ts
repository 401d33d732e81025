import {
  type CodecSpec,
  createAnswer,
  createOffer,
  type Direction,
  type NegotiatedAudio,
  negotiateAnswer,
  nextSessionVersion,
  parseSdp,
  type SessionDescription,
  serializeSdp,
} from '@rexian/sdp';
import {
  createInDialogRequest,
  createResponse,
  getCSeq,
  retransmit2xx,
  type ServerTransaction,
  type SipHeader,
  type SipRequest,
  type SipResponse,
  type TransportProtocol,
} from '@rexian/sip';
import { type HangupCause, q850Of } from '../cdr/hangup-cause.ts';
import { switchErrors } from '../errors.ts';
import { SWITCH_CODECS } from './codecs.ts';
import type { SipLeg } from './sip-leg.ts';
import type { SwitchContext } from './switch-context.ts';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE, PRACK';
const SDP = { name: 'Content-Type', value: 'application/sdp' };

/** Our Via (without branch) and Contact for a transport. */
export function localFor(ctx: SwitchContext, protocol: TransportProtocol): { via: string; contact: string } {
  const l = ctx.o.local.find((x) => x.protocol === protocol) ?? ctx.o.local[0];
  if (!l) throw switchErrors.adapterFailed('no SIP transport is listening');
  const transport = protocol === 'UDP' ? '' : `;transport=${protocol.toLowerCase()}`;
  return {
    via: `SIP/2.0/${protocol} ${l.host}:${l.port};rport`,
    contact: `<sip:rexian@${l.host}:${l.port}${transport}>`,
  };
}

/** The final status refusing an unanswered inbound leg for a cause (RFC 3398 §7.2.4.1 in reverse). */
export function statusForCause(cause: HangupCause): number {
  switch (cause) {
    case 'busy':
      return 486;
    case 'no-answer':
    case 'unavailable':
      return 480;
    case 'unallocated-number':
      return 404;
    case 'rejected':
      return 603;
    case 'congestion':
      return 503;
    case 'cancelled':
      return 487;
    default:
      return 500;
  }
}

/** RFC 3326: the Q.850 cause of a BYE, CANCEL or final response. */
export function reasonHeader(cause: HangupCause): SipHeader {
  return { name: 'Reason', value: `Q.850;cause=${q850Of(cause)};text="${cause}"` };
}

function origin(ctx: SwitchContext, previous: SessionDescription | undefined) {
  return {
    sessionId: previous?.origin.sessionId ?? String(Math.floor(ctx.o.clock.now() / 1000)),
    sessionVersion: previous ? nextSessionVersion(previous.origin.sessionVersion) : '1',
  };
}

/** The codec spec a leg is using, to keep it in re-offers and re-answers (no codec change mid-call). */
function currentCodecs(leg: SipLeg): CodecSpec[] {
  const c = leg.audio?.codec;
  return c
    ? [{ encoding: c.encoding, clockRate: c.clockRate, channels: c.channels, payloadType: c.payloadType }]
    : [...SWITCH_CODECS];
}

/** Answers the caller's offer: prefer `prefer` (the other leg's codec) so the bridge can relay. */
export function buildAnswer(
  ctx: SwitchContext,
  leg: SipLeg,
  offer: SessionDescription,
  prefer: CodecSpec | undefined,
): { sdp: SessionDescription; audio: NegotiatedAudio } {
  const codecs = prefer ? [prefer, ...SWITCH_CODECS.filter((c) => c.encoding !== prefer.encoding)] : [...SWITCH_CODECS];
  const r = createAnswer(offer, {
    address: ctx.o.mediaAddress,
    port: leg.localPort ?? 0,
    codecs: leg.audio ? currentCodecs(leg) : codecs,
    codecPreference: prefer ? 'local' : 'remote',
    rtcpMux: true,
    origin: origin(ctx, leg.localSdp),
  });
  if (!r.ok) throw r.error;
  return { sdp: r.value.answer, audio: r.value.audio };
}

export function sdpBody(sdp: SessionDescription): { headers: SipHeader[]; body: Uint8Array } {
  return { headers: [SDP], body: Buffer.from(serializeSdp(sdp)) };
}

export function parseBodySdp(message: SipRequest | SipResponse): SessionDescription | undefined {
  if (message.body.length === 0) return undefined;
  const r = parseSdp(message.body);
  return r.ok ? r.value : undefined;
}

/** BYE on a confirmed dialog (RFC 3261 §15.1.1); resolves on its final response or time-out. */
export function sendBye(ctx: SwitchContext, leg: SipLeg, cause: HangupCause): Promise<void> {
  if (!leg.dialog) return Promise.resolve();
  const { dialog, request } = createInDialogRequest(leg.dialog, 'BYE', { via: leg.via, headers: [reasonHeader(cause)] });
  leg.dialog = dialog;
  return new Promise((resolve) => {
    ctx.o.layer.sendRequest(request, leg.flow, {
      response: (r) => {
        if (r.status >= 200) resolve();
      },
      timeout: () => resolve(),
      transportError: () => resolve(),
    });
  });
}

/**
 * A re-INVITE of ours with a new direction (hold = sendonly, RFC 3264 §8.4; resume = sendrecv) and the
 * same codec. Resolves with the peer's answer once its 2xx is ACKed.
 */
export function sendReinvite(ctx: SwitchContext, leg: SipLeg, direction: Direction): Promise<NegotiatedAudio> {
  const dialog0 = leg.dialog;
  if (!dialog0 || leg.localPort === undefined) return Promise.reject(switchErrors.adapterFailed('leg has no dialog'));
  if (leg.reinviting) return Promise.reject(switchErrors.adapterFailed('a re-INVITE is already in progress'));
  const offer = createOffer({
    address: ctx.o.mediaAddress,
    port: leg.localPort,
    codecs: currentCodecs(leg),
    telephoneEventPayloadType: leg.audio?.telephoneEvent?.payloadType ?? 101,
    direction,
    rtcpMux: leg.audio?.rtcpMux ?? false,
    origin: origin(ctx, leg.localSdp),
  });
  const { dialog, request } = createInDialogRequest(dialog0, 'INVITE', {
    via: leg.via,
    contact: leg.contact,
    headers: [{ name: 'Allow', value: ALLOW }, ...sdpBody(offer).headers],
    body: sdpBody(offer).body,
  });
  leg.dialog = dialog;
  leg.reinviting = true;
  return new Promise((resolve, reject) => {
    const done = (f: () => void) => {
      leg.reinviting = false;
      f();
    };
    ctx.o.layer.sendRequest(request, leg.flow, {
      response: (r) => {
        if (r.status < 200) return;
        if (r.status >= 300) {
          done(() => reject(switchErrors.adapterFailed(`re-INVITE answered ${r.status}`)));
          return;
        }
        // §13.2.2.4: the ACK of a 2xx is ours to send, with the INVITE's CSeq.
        const seq = getCSeq(request)?.seq ?? dialog.localSeq;
        leg.flow.send(createInDialogRequest({ ...dialog, localSeq: seq }, 'ACK', { via: leg.via }).request);
        const answer = parseBodySdp(r);
        const negotiated = answer ? negotiateAnswer(offer, answer) : undefined;
        if (!negotiated?.ok) {
          done(() => reject(switchErrors.adapterFailed('re-INVITE answer unusable')));
          return;
        }
        leg.localSdp = offer;
        done(() => resolve(negotiated.value));
      },
      timeout: () => done(() => reject(switchErrors.adapterFailed('re-INVITE timed out'))),
      transportError: () => done(() => reject(switchErrors.adapterFailed('re-INVITE transport error'))),
    });
  });
}

/**
 * Answers a re-INVITE from the peer (hold, resume, address change): same codec, direction per RFC 3264
 * §6.1; the 2xx is retransmitted until its ACK (§13.3.1.4). Returns the new negotiated audio, or
 * undefined when the offer was unusable (answered 488) or absent (we re-sent our last SDP as an offer).
 */
export function answerReinvite(
  ctx: SwitchContext,
  leg: SipLeg,
  request: SipRequest,
  tx: ServerTransaction,
): NegotiatedAudio | undefined {
  const respond = (status: number, parts: { headers?: SipHeader[]; body?: Uint8Array } = {}) => {
    const response = createResponse(request, status, {
      headers: [{ name: 'Contact', value: leg.contact }, { name: 'Allow', value: ALLOW }, ...(parts.headers ?? [])],
      ...(parts.body ? { body: parts.body } : {}),
    });
    tx.respond(response);
    if (status >= 200 && status < 300) {
      leg.reinviteAck?.cancel();
      leg.reinviteAck = retransmit2xx({
        clock: ctx.o.clock,
        reliable: leg.flow.reliable,
        send: () => tx.respond(response),
        onTimeout: () => ctx.log.warn({ channel: leg.channelId }, 're-INVITE 2xx never acknowledged'),
      });
    }
  };
  if (leg.reinviting) {
    // §14.2: glare — we have our own re-INVITE outstanding.
    respond(491);
    return undefined;
  }
  const offer = parseBodySdp(request);
  if (!offer) {
    if (!leg.localSdp) {
      respond(488);
      return undefined;
    }
    const again = { ...leg.localSdp, origin: { ...leg.localSdp.origin, ...origin(ctx, leg.localSdp) } };
    leg.localSdp = again;
    respond(200, sdpBody(again));
    return undefined;
  }
  try {
    const { sdp, audio } = buildAnswer(ctx, leg, offer, undefined);
    leg.localSdp = sdp;
    respond(200, sdpBody(sdp));
    return audio;
  } catch {
    respond(488);
    return undefined;
  }
}
