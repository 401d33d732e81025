import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { MediaErrorCode, mediaError } from '../errors.ts';

/** An RTP packet (RFC 3550 §5.1) as plain data. `payload` is a view into the received buffer. */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  extension?: { profile: number; data: Uint8Array };
  payload: Uint8Array;
}

export const RTP_HEADER_SIZE = 12;

/** True when the first bytes look like RTCP (RFC 5761 §4: PT 192–223 when RTP and RTCP share a port). */
export function looksLikeRtcp(bytes: Uint8Array): boolean {
  const pt = bytes[1] ?? 0;
  return bytes.length >= 8 && pt >= 192 && pt <= 223;
}

// Big-endian reads by hand: a DataView per packet is a slow C++ constructor on the relay's hot path.
function u16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}

function u32(b: Uint8Array, at: number): number {
  return (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
}

/** Parse without copying. Never throws: malformed datagrams become typed errors and are dropped. */
export function parseRtp(bytes: Uint8Array): Result<RtpPacket, AppError> {
  if (bytes.length < RTP_HEADER_SIZE) return err(mediaError(MediaErrorCode.RtpTooShort, 'RTP packet shorter than 12 bytes'));
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  if (b0 >> 6 !== 2) return err(mediaError(MediaErrorCode.RtpBadVersion, 'RTP version is not 2'));
  const cc = b0 & 0x0f;
  let offset = RTP_HEADER_SIZE + cc * 4;
  if (offset > bytes.length) return err(mediaError(MediaErrorCode.RtpBadLength, 'CSRC list exceeds the packet'));
  const csrcs: number[] = [];
  for (let i = 0; i < cc; i++) csrcs.push(u32(bytes, RTP_HEADER_SIZE + i * 4));
  let extension: RtpPacket['extension'];
  if (b0 & 0x10) {
    if (offset + 4 > bytes.length) return err(mediaError(MediaErrorCode.RtpBadLength, 'extension header exceeds the packet'));
    const profile = u16(bytes, offset);
    const words = u16(bytes, offset + 2);
    const end = offset + 4 + words * 4;
    if (end > bytes.length) return err(mediaError(MediaErrorCode.RtpBadLength, 'extension exceeds the packet'));
    extension = { profile, data: bytes.subarray(offset + 4, end) };
    offset = end;
  }
  let end = bytes.length;
  if (b0 & 0x20) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    const pad = bytes[bytes.length - 1] as number;
    if (pad === 0 || offset + pad > bytes.length) return err(mediaError(MediaErrorCode.RtpBadLength, 'bad padding length'));
    end -= pad;
  }
  const packet: RtpPacket = {
    payloadType: b1 & 0x7f,
    marker: (b1 & 0x80) !== 0,
    sequenceNumber: u16(bytes, 2),
    timestamp: u32(bytes, 4),
    ssrc: u32(bytes, 8),
    csrcs,
    payload: bytes.subarray(offset, end),
  };
  if (extension) packet.extension = extension;
  return ok(packet);
}

export function serializeRtp(p: RtpPacket): Uint8Array {
  const extLen = p.extension ? 4 + Math.ceil(p.extension.data.length / 4) * 4 : 0;
  const headerLen = RTP_HEADER_SIZE + p.csrcs.length * 4 + extLen;
  const out = new Uint8Array(headerLen + p.payload.length);
  writeRtpHeader(out, p);
  const view = new DataView(out.buffer);
  let offset = RTP_HEADER_SIZE;
  for (const c of p.csrcs) {
    view.setUint32(offset, c);
    offset += 4;
  }
  if (p.extension) {
    view.setUint16(offset, p.extension.profile);
    view.setUint16(offset + 2, Math.ceil(p.extension.data.length / 4));
    out.set(p.extension.data, offset + 4);
    offset += extLen;
  }
  out.set(p.payload, offset);
  return out;
}

/** Write the fixed 12-byte header into `out` (used by the relay to rewrite headers in place). */
export function writeRtpHeader(
  out: Uint8Array,
  h: Pick<RtpPacket, 'payloadType' | 'marker' | 'sequenceNumber' | 'timestamp' | 'ssrc' | 'csrcs'> & { extension?: unknown },
): void {
  out[0] = 0x80 | (h.extension ? 0x10 : 0) | (h.csrcs.length & 0x0f);
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out[2] = (h.sequenceNumber >> 8) & 0xff;
  out[3] = h.sequenceNumber & 0xff;
  const ts = h.timestamp >>> 0;
  out[4] = ts >>> 24;
  out[5] = (ts >>> 16) & 0xff;
  out[6] = (ts >>> 8) & 0xff;
  out[7] = ts & 0xff;
  const ssrc = h.ssrc >>> 0;
  out[8] = ssrc >>> 24;
  out[9] = (ssrc >>> 16) & 0xff;
  out[10] = (ssrc >>> 8) & 0xff;
  out[11] = ssrc & 0xff;
}
