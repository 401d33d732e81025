import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { SdpErrorCode, sdpError } from './errors.ts';
import type { Bandwidth, Connection, MediaDescription, Origin, SessionDescription } from './sdp-model.ts';

export interface ParseLimits {
  /** Bytes; a SIP body of this size is already suspicious. */
  maxBytes: number;
  maxMedia: number;
  maxLines: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxBytes: 64 * 1024, maxMedia: 16, maxLines: 1024 };

type LineResult = Result<void, AppError>;
const DONE: LineResult = ok(undefined);

/**
 * Parse an SDP body (RFC 4566). Never throws: bad input becomes a typed `AppError`.
 * Liberal where deployed phones are sloppy (LF-only line ends, trailing blank lines, a missing `t=`,
 * unknown line types are skipped per RFC 4566 §5: "parsers MUST ignore" unknown types), strict where a
 * mistake would send media to the wrong place (`o=`, `c=`, `m=` must be well formed).
 */
export function parseSdp(
  text: string | Uint8Array,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Result<SessionDescription, AppError> {
  try {
    return parseText(typeof text === 'string' ? text : new TextDecoder().decode(text), limits);
  } catch (cause) {
    // Defensive: the parser has no known throwing path, but untrusted input must never escape as a throw.
    return err(sdpError(SdpErrorCode.BadLine, 'unparseable SDP', { cause: String(cause) }));
  }
}

function parseText(text: string, limits: ParseLimits): Result<SessionDescription, AppError> {
  if (text.length > limits.maxBytes) {
    return err(sdpError(SdpErrorCode.TooLarge, `SDP larger than ${limits.maxBytes} bytes`));
  }
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) return err(sdpError(SdpErrorCode.Empty, 'empty SDP'));
  if (lines.length > limits.maxLines) return err(sdpError(SdpErrorCode.TooLarge, 'too many SDP lines'));
  if (lines[0] !== 'v=0') return err(sdpError(SdpErrorCode.BadVersion, 'SDP must start with v=0'));

  const session: SessionDescription = {
    version: 0,
    origin: { username: '', sessionId: '', sessionVersion: '', netType: '', addrType: '', address: '' },
    sessionName: '',
    emails: [],
    phones: [],
    bandwidths: [],
    timing: [],
    attributes: [],
    media: [],
  };
  let sawOrigin = false;
  let sawName = false;
  let media: MediaDescription | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length < 2 || line[1] !== '=' || !/^[a-z]$/.test(line[0] as string)) {
      return err(sdpError(SdpErrorCode.BadLine, 'malformed SDP line', { line: i + 1 }));
    }
    const type = line[0] as string;
    const value = line.slice(2);
    let r: LineResult;
    if (type === 'm') {
      if (session.media.length >= limits.maxMedia) {
        return err(sdpError(SdpErrorCode.TooManyMedia, `more than ${limits.maxMedia} m= lines`));
      }
      const m = parseMediaLine(value);
      if (!m.ok) return err(withLine(m.error, i + 1));
      media = m.value;
      session.media.push(media);
      continue;
    }
    if (media) r = applyMediaLine(media, type, value);
    else {
      if (type === 'o') sawOrigin = true;
      if (type === 's') sawName = true;
      r = applySessionLine(session, type, value);
    }
    if (!r.ok) return err(withLine(r.error, i + 1));
  }
  if (!sawOrigin) return err(sdpError(SdpErrorCode.MissingField, 'SDP has no o= line'));
  if (!sawName) session.sessionName = '-';
  if (session.timing.length === 0) session.timing.push({ start: '0', stop: '0', repeats: [] });
  return ok(session);
}

function withLine(e: AppError, line: number): AppError {
  return sdpError(e.code as SdpErrorCode, e.message, { ...e.details, line });
}

function applySessionLine(s: SessionDescription, type: string, value: string): LineResult {
  switch (type) {
    case 'o': {
      const o = parseOrigin(value);
      if (!o.ok) return o;
      s.origin = o.value;
      return DONE;
    }
    case 's':
      s.sessionName = value;
      return DONE;
    case 'i':
      s.information = value;
      return DONE;
    case 'u':
      s.uri = value;
      return DONE;
    case 'e':
      s.emails.push(value);
      return DONE;
    case 'p':
      s.phones.push(value);
      return DONE;
    case 'c': {
      const c = parseConnection(value);
      if (!c.ok) return c;
      s.connection = c.value;
      return DONE;
    }
    case 'b':
      return pushBandwidth(s.bandwidths, value);
    case 't': {
      const parts = value.split(' ');
      if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) {
        return err(sdpError(SdpErrorCode.BadTiming, 'malformed t= line'));
      }
      s.timing.push({ start: parts[0] as string, stop: parts[1] as string, repeats: [] });
      return DONE;
    }
    case 'r': {
      const last = s.timing[s.timing.length - 1];
      if (!last) return err(sdpError(SdpErrorCode.BadTiming, 'r= before t='));
      last.repeats.push(value);
      return DONE;
    }
    case 'z':
      s.timeZones = value;
      return DONE;
    case 'k':
      s.key = value;
      return DONE;
    case 'a':
      s.attributes.push(parseAttribute(value));
      return DONE;
    default:
      // RFC 4566 §5: unknown types are ignored.
      return DONE;
  }
}

function applyMediaLine(m: MediaDescription, type: string, value: string): LineResult {
  switch (type) {
    case 'i':
      m.information = value;
      return DONE;
    case 'c': {
      const c = parseConnection(value);
      if (!c.ok) return c;
      // RFC 4566 §5.7 allows several c= lines per medium (layered multicast); unicast telephony uses one.
      m.connection ??= c.value;
      return DONE;
    }
    case 'b':
      return pushBandwidth(m.bandwidths, value);
    case 'k':
      m.key = value;
      return DONE;
    case 'a':
      m.attributes.push(parseAttribute(value));
      return DONE;
    default:
      return DONE;
  }
}

function parseOrigin(value: string): Result<Origin, AppError> {
  const p = value.split(' ');
  if (p.length !== 6 || p.some((x) => x.length === 0)) {
    return err(sdpError(SdpErrorCode.BadOrigin, 'o= needs 6 fields'));
  }
  const [username, sessionId, sessionVersion, netType, addrType, address] = p as [string, string, string, string, string, string];
  if (!/^\d+$/.test(sessionId) || !/^\d+$/.test(sessionVersion)) {
    return err(sdpError(SdpErrorCode.BadOrigin, 'o= session id and version must be numeric'));
  }
  return ok({ username, sessionId, sessionVersion, netType, addrType, address });
}

const IP4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;

export function parseConnection(value: string): Result<Connection, AppError> {
  const p = value.split(' ');
  if (p.length !== 3) return err(sdpError(SdpErrorCode.BadConnection, 'c= needs 3 fields'));
  const [netType, addrType, spec] = p as [string, string, string];
  if (netType !== 'IN') return err(sdpError(SdpErrorCode.BadConnection, `unsupported network type ${netType}`));
  const [address = '', ttlText, countText] = spec.split('/');
  const valid =
    addrType === 'IP4'
      ? IP4.test(address) || HOSTNAME.test(address)
      : addrType === 'IP6'
        ? /^[0-9A-Fa-f:.]+$/.test(address) && address.includes(':')
        : false;
  if (!valid) return err(sdpError(SdpErrorCode.BadConnection, 'bad connection address', { address }));
  const c: Connection = { netType, addrType, address };
  if (ttlText !== undefined) {
    if (!/^\d{1,3}$/.test(ttlText)) return err(sdpError(SdpErrorCode.BadConnection, 'bad multicast TTL'));
    c.ttl = Number(ttlText);
  }
  if (countText !== undefined) {
    if (!/^\d{1,3}$/.test(countText)) return err(sdpError(SdpErrorCode.BadConnection, 'bad address count'));
    c.count = Number(countText);
  }
  return ok(c);
}

function pushBandwidth(list: Bandwidth[], value: string): LineResult {
  const m = /^([A-Za-z0-9-]+):(\d{1,10})$/.exec(value);
  if (!m) return err(sdpError(SdpErrorCode.BadLine, 'malformed b= line'));
  list.push({ type: m[1] as string, value: Number(m[2]) });
  return DONE;
}

function parseAttribute(value: string): { name: string; value?: string } {
  const colon = value.indexOf(':');
  if (colon < 0) return { name: value };
  return { name: value.slice(0, colon), value: value.slice(colon + 1) };
}

function parseMediaLine(value: string): Result<MediaDescription, AppError> {
  const p = value.split(' ').filter((x) => x.length > 0);
  if (p.length < 4) return err(sdpError(SdpErrorCode.BadMedia, 'm= needs media, port, proto and a format'));
  const [type, portSpec, protocol] = p as [string, string, string];
  const pm = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(portSpec);
  const port = pm ? Number(pm[1]) : Number.NaN;
  if (!pm || port > 65535) return err(sdpError(SdpErrorCode.BadMedia, 'bad media port', { port: portSpec }));
  if (!/^[A-Za-z0-9]+$/.test(type) || !/^[A-Za-z0-9/_.-]+$/.test(protocol)) {
    return err(sdpError(SdpErrorCode.BadMedia, 'bad media type or protocol'));
  }
  const formats = p.slice(3);
  if (protocol.includes('RTP') && !formats.every((f) => /^\d{1,3}$/.test(f) && Number(f) <= 127)) {
    return err(sdpError(SdpErrorCode.BadMedia, 'RTP payload types must be 0..127'));
  }
  const m: MediaDescription = { type, port, protocol, formats, bandwidths: [], attributes: [] };
  if (pm[2] !== undefined) m.portCount = Number(pm[2]);
  return ok(m);
}
