import type { RtpPacketizer } from './rtp-packetizer.ts';
import { seqNewer } from './sequence.ts';

/**
 * The relay fast path forwards packets without decoding, but each leg must still see one continuous
 * stream from us: the other party's SSRC, sequence numbers and timestamps are mapped into this leg's own
 * (RFC 3550 §7.2: a translator that merges sources rewrites them). Without it a phone sees an SSRC change
 * and a sequence/timestamp jump whenever the relay starts or the far party changes (transfer), and some
 * jitter buffers (baresip's) then drop every packet as "too late". The first packet from a new source gets
 * the marker bit, as the start of a talkspurt (RFC 3551 §4.1).
 */
export class RelayRewriter {
  private readonly out: RtpPacketizer;
  private source: number | undefined;
  private seqOffset = 0;
  private tsOffset = 0;
  private lastSeq = -1;

  constructor(out: RtpPacketizer) {
    this.out = out;
  }

  /** Rewrites the RTP header of `bytes` in place; `samples` is the packet's duration in RTP clock ticks. */
  rewrite(bytes: Uint8Array, p: { sequenceNumber: number; timestamp: number; ssrc: number }, samples: number): void {
    if (p.ssrc !== this.source) {
      this.source = p.ssrc;
      this.seqOffset = (this.out.nextSequence - p.sequenceNumber) & 0xffff;
      this.tsOffset = (this.out.nextTimestamp - p.timestamp) >>> 0;
      this.lastSeq = -1;
      bytes[1] = (bytes[1] as number) | 0x80;
    }
    const seq = (p.sequenceNumber + this.seqOffset) & 0xffff;
    const ts = (p.timestamp + this.tsOffset) >>> 0;
    // Byte writes, not a DataView: this runs for every relayed packet.
    bytes[2] = seq >>> 8;
    bytes[3] = seq & 0xff;
    writeU32(bytes, 4, ts);
    writeU32(bytes, 8, this.out.ssrc);
    // Late (reordered) packets keep their mapped numbers but do not move our stream backwards.
    if (this.lastSeq < 0 || seqNewer(seq, this.lastSeq)) {
      this.lastSeq = seq;
      this.out.continueAfter(seq, ts, samples);
    }
  }

  /**
   * The mapping in force, for the relay fast path in the addon (engine/native-relay.ts): the source
   * SSRC it is for (undefined: the next relayed packet starts a new one), the offsets, the newest
   * mapped sequence number (-1: none yet).
   */
  get mapping(): { source: number | undefined; seqOffset: number; tsOffset: number; lastSeq: number } {
    return { source: this.source, seqOffset: this.seqOffset, tsOffset: this.tsOffset, lastSeq: this.lastSeq };
  }

  /** The addon forwarded packets with this mapping; `count` of them advanced the stream, the newest last. */
  advancedElsewhere(lastSeq: number, lastTs: number, samples: number, count: number): void {
    if (count <= 0) return;
    this.lastSeq = lastSeq;
    this.out.continueAfter(lastSeq, lastTs >>> 0, samples);
    this.out.packetsSent += count - 1;
  }

  /** The relay stopped (bridge torn down): the next relayed packet starts a new mapping. */
  reset(): void {
    this.source = undefined;
  }
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
