import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { MediaErrorCode, mediaError } from '../errors.ts';
import type { ReportBlockValues } from './receive-stats.ts';

export type ReportBlock = ReportBlockValues;

export interface SenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpPacket =
  | { type: 'sr'; ssrc: number; sender: SenderInfo; reports: ReportBlock[] }
  | { type: 'rr'; ssrc: number; reports: ReportBlock[] }
  | { type: 'sdes'; chunks: Array<{ ssrc: number; cname?: string }> }
  | { type: 'bye'; ssrcs: number[]; reason?: string }
  | { type: 'other'; packetType: number };

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;

const NTP_UNIX_OFFSET = 2208988800;

/** Wall-clock milliseconds → NTP seconds and 2^-32 fractions (RFC 3550 §4). */
export function toNtp(unixMs: number): { ntpSeconds: number; ntpFraction: number } {
  const seconds = Math.floor(unixMs / 1000);
  return {
    ntpSeconds: (seconds + NTP_UNIX_OFFSET) >>> 0,
    ntpFraction: Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0,
  };
}

/** The "middle 32 bits" used in LSR (RFC 3550 §6.4.1). */
export function ntpMiddle32(s: { ntpSeconds: number; ntpFraction: number }): number {
  return (((s.ntpSeconds & 0xffff) << 16) | (s.ntpFraction >>> 16)) >>> 0;
}

class Writer {
  private readonly bytes: number[] = [];
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v >>> 8);
    this.u8(v);
  }
  u24(v: number): void {
    this.u8(v >>> 16);
    this.u16(v);
  }
  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v);
  }
  get length(): number {
    return this.bytes.length;
  }
  patch16(at: number, v: number): void {
    this.bytes[at] = (v >>> 8) & 0xff;
    this.bytes[at + 1] = v & 0xff;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function writeReport(w: Writer, r: ReportBlock): void {
  w.u32(r.ssrc);
  w.u8(r.fractionLost);
  // Cumulative lost is a 24-bit signed value (RFC 3550 §6.4.1).
  w.u24(r.cumulativeLost & 0xffffff);
  w.u32(r.extendedHighestSequence);
  w.u32(r.jitter);
  w.u32(r.lastSr);
  w.u32(r.delaySinceLastSr);
}

function header(w: Writer, count: number, type: number): number {
  const at = w.length;
  w.u8(0x80 | (count & 0x1f));
  w.u8(type);
  w.u16(0);
  return at;
}

function finish(w: Writer, at: number): void {
  while ((w.length - at) % 4 !== 0) w.u8(0);
  w.patch16(at + 2, (w.length - at) / 4 - 1);
}

/** Build a compound RTCP packet; RFC 3550 §6.1 wants SR/RR first, then SDES with a CNAME. */
export function buildRtcp(packets: RtcpPacket[]): Uint8Array {
  const w = new Writer();
  for (const p of packets) {
    if (p.type === 'sr' || p.type === 'rr') {
      const at = header(w, p.reports.length, p.type === 'sr' ? RTCP_SR : RTCP_RR);
      w.u32(p.ssrc);
      if (p.type === 'sr') {
        w.u32(p.sender.ntpSeconds);
        w.u32(p.sender.ntpFraction);
        w.u32(p.sender.rtpTimestamp);
        w.u32(p.sender.packetCount);
        w.u32(p.sender.octetCount);
      }
      for (const r of p.reports.slice(0, 31)) writeReport(w, r);
      finish(w, at);
    } else if (p.type === 'sdes') {
      const at = header(w, p.chunks.length, RTCP_SDES);
      for (const c of p.chunks) {
        const start = w.length;
        w.u32(c.ssrc);
        if (c.cname !== undefined) {
          const text = new TextEncoder().encode(c.cname).subarray(0, 255);
          w.u8(1);
          w.u8(text.length);
          for (const b of text) w.u8(b);
        }
        w.u8(0);
        while ((w.length - start) % 4 !== 0) w.u8(0);
      }
      finish(w, at);
    } else if (p.type === 'bye') {
      const at = header(w, p.ssrcs.length, RTCP_BYE);
      for (const s of p.ssrcs) w.u32(s);
      if (p.reason !== undefined) {
        const text = new TextEncoder().encode(p.reason).subarray(0, 255);
        w.u8(text.length);
        for (const b of text) w.u8(b);
      }
      finish(w, at);
    }
  }
  return w.done();
}

function readReports(v: DataView, at: number, count: number): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + i * 24;
    const lost = (((v.getUint8(o + 5) << 16) | v.getUint16(o + 6)) << 8) >> 8;
    out.push({
      ssrc: v.getUint32(o),
      fractionLost: v.getUint8(o + 4),
      cumulativeLost: lost,
      extendedHighestSequence: v.getUint32(o + 8),
      jitter: v.getUint32(o + 12),
      lastSr: v.getUint32(o + 16),
      delaySinceLastSr: v.getUint32(o + 20),
    });
  }
  return out;
}

/** Parse a compound RTCP packet (RFC 3550 §6.1, validity checks of §A.2). Never throws. */
export function parseRtcp(bytes: Uint8Array): Result<RtcpPacket[], AppError> {
  const bad = (m: string) => err(mediaError(MediaErrorCode.RtcpMalformed, m));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RtcpPacket[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) return bad('truncated RTCP header');
    const b0 = v.getUint8(at);
    if (b0 >> 6 !== 2) return bad('RTCP version is not 2');
    const count = b0 & 0x1f;
    const type = v.getUint8(at + 1);
    const len = (v.getUint16(at + 2) + 1) * 4;
    if (at + len > bytes.length) return bad('RTCP length exceeds the datagram');
    if (out.length === 0 && type !== RTCP_SR && type !== RTCP_RR) return bad('compound RTCP must start with SR or RR');
    const body = at + 4;
    if (type === RTCP_SR) {
      if (len < 28 + count * 24) return bad('SR too short for its report count');
      const sender: SenderInfo = {
        ntpSeconds: v.getUint32(body + 4),
        ntpFraction: v.getUint32(body + 8),
        rtpTimestamp: v.getUint32(body + 12),
        packetCount: v.getUint32(body + 16),
        octetCount: v.getUint32(body + 20),
      };
      out.push({ type: 'sr', ssrc: v.getUint32(body), sender, reports: readReports(v, body + 24, count) });
    } else if (type === RTCP_RR) {
      if (len < 8 + count * 24) return bad('RR too short for its report count');
      out.push({ type: 'rr', ssrc: v.getUint32(body), reports: readReports(v, body + 4, count) });
    } else if (type === RTCP_SDES) {
      const chunks = readSdes(bytes, body, at + len, count);
      if (!chunks) return bad('malformed SDES');
      out.push({ type: 'sdes', chunks });
    } else if (type === RTCP_BYE) {
      if (len < 4 + count * 4) return bad('BYE too short');
      const ssrcs = Array.from({ length: count }, (_, i) => v.getUint32(body + i * 4));
      const reasonAt = body + count * 4;
      const bye: RtcpPacket = { type: 'bye', ssrcs };
      if (reasonAt < at + len) {
        const n = v.getUint8(reasonAt);
        if (reasonAt + 1 + n > at + len) return bad('BYE reason exceeds the packet');
        bye.reason = new TextDecoder().decode(bytes.subarray(reasonAt + 1, reasonAt + 1 + n));
      }
      out.push(bye);
    } else {
      out.push({ type: 'other', packetType: type });
    }
    at += len;
  }
  return ok(out);
}

function readSdes(
  bytes: Uint8Array,
  from: number,
  end: number,
  count: number,
): Array<{ ssrc: number; cname?: string }> | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Array<{ ssrc: number; cname?: string }> = [];
  let at = from;
  for (let c = 0; c < count; c++) {
    if (at + 4 > end) return undefined;
    const chunk: { ssrc: number; cname?: string } = { ssrc: v.getUint32(at) };
    at += 4;
    for (;;) {
      if (at >= end) return undefined;
      const itemType = bytes[at] as number;
      if (itemType === 0) break;
      const n = bytes[at + 1];
      if (n === undefined || at + 2 + n > end) return undefined;
      if (itemType === 1) chunk.cname = new TextDecoder().decode(bytes.subarray(at + 2, at + 2 + n));
      at += 2 + n;
    }
    at += 4 - ((at - from) % 4);
    chunks.push(chunk);
  }
  return chunks;
}
