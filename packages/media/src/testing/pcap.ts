import { readFileSync } from 'node:fs';

/** Test support: the UDP payloads (RTP) of a classic libpcap file with Ethernet framing, with times. */
export interface PcapPacket {
  atMs: number;
  payload: Uint8Array;
}

export function readPcapUdp(path: string): PcapPacket[] {
  const b = readFileSync(path);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = v.getUint32(0, true) === 0xa1b2c3d4;
  if (!le && v.getUint32(0, false) !== 0xa1b2c3d4) throw new Error(`${path}: not a microsecond pcap`);
  const out: PcapPacket[] = [];
  let at = 24;
  let t0: number | undefined;
  while (at + 16 <= b.length) {
    const sec = v.getUint32(at, le);
    const usec = v.getUint32(at + 4, le);
    const len = v.getUint32(at + 8, le);
    const frame = b.subarray(at + 16, at + 16 + len);
    at += 16 + len;
    const ms = sec * 1000 + usec / 1000;
    t0 ??= ms;
    // Ethernet II + IPv4 (IHL from the header) + UDP.
    if (frame.length < 42 || frame[12] !== 0x08 || frame[13] !== 0x00 || frame[23] !== 17) continue;
    const ihl = ((frame[14] as number) & 0x0f) * 4;
    const udp = 14 + ihl;
    const udpLen = ((frame[udp + 4] as number) << 8) | (frame[udp + 5] as number);
    out.push({ atMs: ms - t0, payload: Uint8Array.from(frame.subarray(udp + 8, udp + udpLen)) });
  }
  return out;
}
