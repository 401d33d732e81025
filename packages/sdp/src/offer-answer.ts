import { type AppError, err, ok, type Result } from '@rexian/kernel';
import {
  answerDirection,
  connectionOf,
  directionOf,
  fmtpOf,
  hasRtcpMux,
  isHeldByPeer,
  maxPtimeOf,
  ptimeOf,
  type RtpMap,
  rtcpPortOf,
  rtpMaps,
} from './attributes.ts';
import { type CodecSpec, sameCodec, TELEPHONE_EVENT, telephoneEvent } from './codec-catalog.ts';
import { SdpErrorCode, sdpError } from './errors.ts';
import type { Attribute, Direction, MediaDescription, SessionDescription } from './sdp-model.ts';

export interface LocalMedia {
  /** Our media address (goes into c=). */
  address: string;
  port: number;
  /** Audio codecs in our preference order. */
  codecs: CodecSpec[];
  /** Offer/accept RFC 4733 events; the number is the payload type used in offers (default 101). */
  telephoneEventPayloadType?: number | false;
  ptime?: number;
  direction?: Direction;
  /** Offer rtcp-mux, or accept it when offered (RFC 5761 §5.1.1). */
  rtcpMux?: boolean;
  origin: { username?: string; sessionId: string; sessionVersion: string };
  sessionName?: string;
}

export interface AnswerOptions extends LocalMedia {
  /** `remote`: the offerer's order decides (FreeSWITCH "generous"); `local`: ours decides ("greedy"). */
  codecPreference?: 'remote' | 'local';
}

export interface NegotiatedAudio {
  /** Index of the accepted m= line. */
  mediaIndex: number;
  remoteAddress: string;
  remotePort: number;
  remoteRtcpPort: number;
  /** Codec both sides use, with the payload type we send with. */
  codec: { encoding: string; clockRate: number; channels: number; payloadType: number; fmtp?: string };
  telephoneEvent?: { payloadType: number; clockRate: number };
  /** Packetization we send with, in ms. */
  ptime: number;
  /** Our direction: what we may do on this stream. */
  direction: Direction;
  rtcpMux: boolean;
  heldByPeer: boolean;
}

const DEFAULT_PTIME = 20;
const SUPPORTED_PTIMES = [10, 20, 30, 40, 60];
const PLAIN_RTP = new Set(['RTP/AVP', 'RTP/AVPF']);

function addrType(address: string): string {
  return address.includes(':') ? 'IP6' : 'IP4';
}

function baseSession(local: LocalMedia): SessionDescription {
  return {
    version: 0,
    origin: {
      username: local.origin.username ?? 'rexian',
      sessionId: local.origin.sessionId,
      sessionVersion: local.origin.sessionVersion,
      netType: 'IN',
      addrType: addrType(local.address),
      address: local.address,
    },
    sessionName: local.sessionName ?? 'rexian',
    emails: [],
    phones: [],
    connection: { netType: 'IN', addrType: addrType(local.address), address: local.address },
    bandwidths: [],
    timing: [{ start: '0', stop: '0', repeats: [] }],
    attributes: [],
    media: [],
  };
}

function codecAttributes(list: CodecSpec[]): Attribute[] {
  const out: Attribute[] = [];
  for (const c of list) {
    const ch = c.channels > 1 ? `/${c.channels}` : '';
    out.push({ name: 'rtpmap', value: `${c.payloadType} ${c.encoding}/${c.clockRate}${ch}` });
    if (c.fmtp !== undefined) out.push({ name: 'fmtp', value: `${c.payloadType} ${c.fmtp}` });
  }
  return out;
}

function audioMedia(local: LocalMedia, codecs: CodecSpec[], direction: Direction, mux: boolean): MediaDescription {
  const attributes = codecAttributes(codecs);
  attributes.push({ name: 'ptime', value: String(local.ptime ?? DEFAULT_PTIME) });
  if (mux) attributes.push({ name: 'rtcp-mux' });
  attributes.push({ name: direction });
  return {
    type: 'audio',
    port: local.port,
    protocol: 'RTP/AVP',
    formats: codecs.map((c) => String(c.payloadType)),
    bandwidths: [],
    attributes,
  };
}

/** An initial offer or a re-offer (bump `origin.sessionVersion` with `nextSessionVersion`). */
export function createOffer(local: LocalMedia): SessionDescription {
  const s = baseSession(local);
  const codecs = [...local.codecs];
  const tePt = local.telephoneEventPayloadType ?? 101;
  if (tePt !== false) {
    const rates = [...new Set(local.codecs.map((c) => c.clockRate))];
    for (const [i, rate] of rates.entries()) codecs.push(telephoneEvent(rate, tePt + i));
  }
  s.media.push(audioMedia(local, codecs, local.direction ?? 'sendrecv', local.rtcpMux ?? false));
  return s;
}

/** RFC 3264 §8: each new offer/answer carries the previous o= version plus one. */
export function nextSessionVersion(version: string): string {
  return (BigInt(version) + 1n).toString();
}

/** RFC 3264 §6: a rejected stream keeps its m= line with port 0 so indices stay aligned. */
function rejected(m: MediaDescription): MediaDescription {
  return { type: m.type, port: 0, protocol: m.protocol, formats: [...m.formats], bandwidths: [], attributes: [] };
}

function sendPtime(m: MediaDescription): number {
  const asked = ptimeOf(m);
  const max = maxPtimeOf(m) ?? Number.POSITIVE_INFINITY;
  if (asked !== undefined && SUPPORTED_PTIMES.includes(asked) && asked <= max) return asked;
  return DEFAULT_PTIME <= max ? DEFAULT_PTIME : (SUPPORTED_PTIMES.filter((p) => p <= max).pop() ?? DEFAULT_PTIME);
}

interface Pick {
  codec: RtpMap;
  local: CodecSpec;
  te?: RtpMap;
}

function pickCodec(m: MediaDescription, local: AnswerOptions): Pick | undefined {
  const offered = rtpMaps(m);
  const matches: Pick[] = [];
  for (const o of offered) {
    const l = local.codecs.find((c) => sameCodec(c, o));
    if (l) matches.push({ codec: o, local: l });
  }
  if (local.codecPreference === 'local') {
    matches.sort((a, b) => local.codecs.indexOf(a.local) - local.codecs.indexOf(b.local));
  }
  const first = matches[0];
  if (!first) return undefined;
  if (local.telephoneEventPayloadType !== false) {
    const te = offered.find((o) => o.encoding.toLowerCase() === TELEPHONE_EVENT && o.clockRate === first.codec.clockRate);
    if (te) first.te = te;
  }
  return first;
}

/**
 * Answer an offer (RFC 3264 §6). The first usable audio stream is accepted with one codec (plus
 * telephone-event): answering a single codec keeps the peer from switching codecs mid-call, which
 * would defeat the relay fast path. Every other m= line is rejected with port 0.
 */
export function createAnswer(
  offer: SessionDescription,
  local: AnswerOptions,
): Result<{ answer: SessionDescription; audio: NegotiatedAudio }, AppError> {
  const answer = baseSession(local);
  let audio: NegotiatedAudio | undefined;
  let sawNoConnection = false;
  offer.media.forEach((m, index) => {
    const usable = !audio && m.type === 'audio' && m.port !== 0 && PLAIN_RTP.has(m.protocol);
    const pick = usable ? pickCodec(m, local) : undefined;
    const conn = connectionOf(offer, m);
    if (pick && !conn) sawNoConnection = true;
    if (!pick || !conn) {
      answer.media.push(rejected(m));
      return;
    }
    const mux = (local.rtcpMux ?? true) && hasRtcpMux(m);
    const direction = answerDirection(directionOf(offer, m), local.direction ?? 'sendrecv');
    const codec: CodecSpec = { ...pick.local, ...pick.codec };
    const fmtp = fmtpOf(m, pick.codec.payloadType) ?? pick.local.fmtp;
    if (fmtp !== undefined) codec.fmtp = fmtp;
    const list: CodecSpec[] = [codec];
    if (pick.te) list.push({ ...pick.te, fmtp: fmtpOf(m, pick.te.payloadType) ?? '0-16' });
    answer.media.push(audioMedia(local, list, direction, mux));
    audio = {
      mediaIndex: index,
      remoteAddress: conn.address,
      remotePort: m.port,
      remoteRtcpPort: mux ? m.port : rtcpPortOf(m),
      codec: {
        encoding: codec.encoding,
        clockRate: codec.clockRate,
        channels: codec.channels,
        payloadType: codec.payloadType,
        ...(fmtp === undefined ? {} : { fmtp }),
      },
      ...(pick.te ? { telephoneEvent: { payloadType: pick.te.payloadType, clockRate: pick.te.clockRate } } : {}),
      ptime: sendPtime(m),
      direction,
      rtcpMux: mux,
      heldByPeer: isHeldByPeer(offer, m),
    };
  });
  if (!audio) {
    const code = sawNoConnection ? SdpErrorCode.NoConnection : SdpErrorCode.NoCommonCodec;
    return err(sdpError(code, 'no acceptable audio stream in the offer'));
  }
  return ok({ answer, audio });
}

/**
 * The offerer's side: check the answer against our offer (RFC 3264 §5–§7) and work out what to send.
 * The answer MUST have as many m= lines as the offer; accepted formats MUST be ones we offered.
 */
export function negotiateAnswer(offer: SessionDescription, answer: SessionDescription): Result<NegotiatedAudio, AppError> {
  if (answer.media.length !== offer.media.length) {
    return err(
      sdpError(SdpErrorCode.AnswerMismatch, 'answer has a different number of m= lines', {
        offered: offer.media.length,
        answered: answer.media.length,
      }),
    );
  }
  for (let index = 0; index < answer.media.length; index++) {
    const a = answer.media[index] as MediaDescription;
    const o = offer.media[index] as MediaDescription;
    if (a.type !== 'audio' || a.port === 0 || o.port === 0) continue;
    const ours = rtpMaps(o);
    const theirs = rtpMaps(a);
    const codec = theirs.find((t) => t.encoding.toLowerCase() !== TELEPHONE_EVENT && ours.some((x) => sameCodec(x, t)));
    if (!codec) return err(sdpError(SdpErrorCode.NoCommonCodec, 'answer accepted no codec that was offered'));
    const conn = connectionOf(answer, a);
    if (!conn) return err(sdpError(SdpErrorCode.NoConnection, 'answer has no connection address'));
    const te = theirs.find((t) => t.encoding.toLowerCase() === TELEPHONE_EVENT && t.clockRate === codec.clockRate);
    const mux = hasRtcpMux(a) && hasRtcpMux(o);
    const fmtp = fmtpOf(a, codec.payloadType);
    return ok({
      mediaIndex: index,
      remoteAddress: conn.address,
      remotePort: a.port,
      remoteRtcpPort: mux ? a.port : rtcpPortOf(a),
      codec: { ...codec, ...(fmtp === undefined ? {} : { fmtp }) },
      ...(te ? { telephoneEvent: { payloadType: te.payloadType, clockRate: te.clockRate } } : {}),
      ptime: sendPtime(a),
      direction: answerDirection(directionOf(answer, a), directionOf(offer, o)),
      rtcpMux: mux,
      heldByPeer: isHeldByPeer(answer, a),
    });
  }
  return err(sdpError(SdpErrorCode.NoCommonCodec, 'answer rejected every audio stream'));
}
