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
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (p.ssrc !== this.source) {
      this.source = p.ssrc;
      this.seqOffset = (this.out.nextSequence - p.sequenceNumber) & 0xffff;
      this.tsOffset = (this.out.nextTimestamp - p.timestamp) >>> 0;
      this.lastSeq = -1;
      view.setUint8(1, view.getUint8(1) | 0x80);
    }
    const seq = (p.sequenceNumber + this.seqOffset) & 0xffff;
    const ts = (p.timestamp + this.tsOffset) >>> 0;
    view.setUint16(2, seq);
    view.setUint32(4, ts);
    view.setUint32(8, this.out.ssrc);
    // Late (reordered) packets keep their mapped numbers but do not move our stream backwards.
    if (this.lastSeq < 0 || seqNewer(seq, this.lastSeq)) {
      this.lastSeq = seq;
      this.out.continueAfter(seq, ts, samples);
    }
  }

  /** The relay stopped (bridge torn down): the next relayed packet starts a new mapping. */
  reset(): void {
    this.source = undefined;
  }
}
