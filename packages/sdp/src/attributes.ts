import type { Attribute, Connection, Direction, MediaDescription, SessionDescription } from './sdp-model.ts';
import { DIRECTIONS } from './sdp-model.ts';

export interface RtpMap {
  payloadType: number;
  /** Encoding name as written by the peer; compare case-insensitively (RFC 4855 §3). */
  encoding: string;
  clockRate: number;
  channels: number;
}

/**
 * RFC 3551 §6 static payload types that a peer may use without an `a=rtpmap`. Only the audio ones a
 * telephone network meets are listed; unknown static numbers stay unknown.
 */
export const STATIC_PAYLOAD_TYPES: Readonly<Record<number, Omit<RtpMap, 'payloadType'>>> = {
  0: { encoding: 'PCMU', clockRate: 8000, channels: 1 },
  3: { encoding: 'GSM', clockRate: 8000, channels: 1 },
  4: { encoding: 'G723', clockRate: 8000, channels: 1 },
  8: { encoding: 'PCMA', clockRate: 8000, channels: 1 },
  // RFC 3551 §4.5.2: G.722 samples at 16 kHz but its RTP clock is 8000 for historical reasons.
  9: { encoding: 'G722', clockRate: 8000, channels: 1 },
  13: { encoding: 'CN', clockRate: 8000, channels: 1 },
  18: { encoding: 'G729', clockRate: 8000, channels: 1 },
};

export function findAttribute(list: Attribute[], name: string): Attribute | undefined {
  return list.find((a) => a.name === name);
}

export function findAttributes(list: Attribute[], name: string): Attribute[] {
  return list.filter((a) => a.name === name);
}

/** The rtpmap of every format on the m= line, falling back to the static table; unknown ones omitted. */
export function rtpMaps(m: MediaDescription): RtpMap[] {
  const explicit = new Map<number, RtpMap>();
  for (const a of findAttributes(m.attributes, 'rtpmap')) {
    const r = parseRtpMap(a.value ?? '');
    if (r) explicit.set(r.payloadType, r);
  }
  const out: RtpMap[] = [];
  for (const f of m.formats) {
    const pt = Number(f);
    if (!Number.isInteger(pt)) continue;
    const known = explicit.get(pt) ?? (STATIC_PAYLOAD_TYPES[pt] ? { payloadType: pt, ...STATIC_PAYLOAD_TYPES[pt] } : undefined);
    if (known) out.push(known);
  }
  return out;
}

export function parseRtpMap(value: string): RtpMap | undefined {
  const m = /^(\d{1,3})\s+([A-Za-z0-9_.-]+)\/(\d{1,6})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const payloadType = Number(m[1]);
  if (payloadType > 127) return undefined;
  return {
    payloadType,
    encoding: m[2] as string,
    clockRate: Number(m[3]),
    channels: m[4] === undefined ? 1 : Number(m[4]),
  };
}

export function fmtpOf(m: MediaDescription, payloadType: number): string | undefined {
  const prefix = `${payloadType} `;
  const a = m.attributes.find((x) => x.name === 'fmtp' && x.value?.startsWith(prefix));
  return a?.value?.slice(prefix.length).trim();
}

function numberAttribute(m: MediaDescription, name: string): number | undefined {
  const a = findAttribute(m.attributes, name);
  if (a?.value === undefined) return undefined;
  const n = Number(a.value.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export const ptimeOf = (m: MediaDescription): number | undefined => numberAttribute(m, 'ptime');
export const maxPtimeOf = (m: MediaDescription): number | undefined => numberAttribute(m, 'maxptime');

/** RFC 3264 §5.1: a media-level direction overrides the session level; the default is sendrecv. */
export function directionOf(session: SessionDescription, m: MediaDescription): Direction {
  const local = m.attributes.find((a) => (DIRECTIONS as readonly string[]).includes(a.name));
  if (local) return local.name as Direction;
  const global = session.attributes.find((a) => (DIRECTIONS as readonly string[]).includes(a.name));
  return (global?.name as Direction | undefined) ?? 'sendrecv';
}

/** RFC 4566 §5.7: a media-level c= overrides the session-level one. */
export function connectionOf(session: SessionDescription, m: MediaDescription): Connection | undefined {
  return m.connection ?? session.connection;
}

export const hasRtcpMux = (m: MediaDescription): boolean => findAttribute(m.attributes, 'rtcp-mux') !== undefined;

/** RFC 3605 `a=rtcp:port [IN IP4 addr]`; otherwise RTCP is on the RTP port + 1 (RFC 3550 §11). */
export function rtcpPortOf(m: MediaDescription): number {
  if (hasRtcpMux(m)) return m.port;
  const a = findAttribute(m.attributes, 'rtcp');
  const n = a?.value === undefined ? Number.NaN : Number(a.value.split(' ')[0]);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : m.port + 1;
}

/**
 * A stream is "held" by the peer when it will not send to us: sendonly/inactive (RFC 3264 §8.4), or the
 * pre-RFC 3264 convention of c=0.0.0.0 (RFC 2543) that old PBXes still send.
 */
export function isHeldByPeer(session: SessionDescription, m: MediaDescription): boolean {
  const d = directionOf(session, m);
  if (d === 'sendonly' || d === 'inactive') return true;
  return connectionOf(session, m)?.address === '0.0.0.0';
}

/** The direction an answerer may use given the offered one and what it wants (RFC 3264 §6.1). */
export function answerDirection(offered: Direction, wanted: Direction): Direction {
  const canSend = (offered === 'sendrecv' || offered === 'recvonly') && (wanted === 'sendrecv' || wanted === 'sendonly');
  const canRecv = (offered === 'sendrecv' || offered === 'sendonly') && (wanted === 'sendrecv' || wanted === 'recvonly');
  if (canSend && canRecv) return 'sendrecv';
  if (canSend) return 'sendonly';
  if (canRecv) return 'recvonly';
  return 'inactive';
}

/** Replace any direction attribute on the list with `d`. */
export function withDirection(list: Attribute[], d: Direction): Attribute[] {
  return [...list.filter((a) => !(DIRECTIONS as readonly string[]).includes(a.name)), { name: d }];
}
