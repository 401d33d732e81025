import { randomInt } from 'node:crypto';
import type { RtpPacket } from './rtp-packet.ts';
import { seqNext, tsAdd } from './sequence.ts';

export interface PacketizerOptions {
  payloadType: number;
  /** Defaults to random values, as RFC 3550 §5.1 requires for the initial sequence and timestamp. */
  ssrc?: number;
  initialSequence?: number;
  initialTimestamp?: number;
}

/**
 * The sending side of one RTP stream: numbers packets, advances the timestamp by the samples each
 * one carries, and sets the marker bit on the first packet of a talkspurt (RFC 3551 §4.1).
 */
export class RtpPacketizer {
  readonly ssrc: number;
  payloadType: number;
  private seq: number;
  private ts: number;
  private startOfTalkspurt = true;
  packetsSent = 0;
  octetsSent = 0;

  constructor(options: PacketizerOptions) {
    this.payloadType = options.payloadType;
    this.ssrc = (options.ssrc ?? randomInt(0, 2 ** 32 - 1)) >>> 0;
    this.seq = options.initialSequence ?? randomInt(0, 0x10000);
    this.ts = (options.initialTimestamp ?? randomInt(0, 2 ** 32 - 1)) >>> 0;
  }

  /** Package `payload` covering `samples` RTP clock ticks. */
  packetize(payload: Uint8Array, samples: number): RtpPacket {
    const p: RtpPacket = {
      payloadType: this.payloadType,
      marker: this.startOfTalkspurt,
      sequenceNumber: this.seq,
      timestamp: this.ts,
      ssrc: this.ssrc,
      csrcs: [],
      payload,
    };
    this.startOfTalkspurt = false;
    this.seq = seqNext(this.seq);
    this.ts = tsAdd(this.ts, samples);
    this.packetsSent++;
    this.octetsSent += payload.length;
    return p;
  }

  /** Time passes without sending (silence suppression, hold): the timestamp still advances. */
  skip(samples: number): void {
    this.ts = tsAdd(this.ts, samples);
    this.startOfTalkspurt = true;
  }

  /** An event packet (RFC 4733) uses its own payload type and a fixed timestamp; it consumes a sequence number. */
  packetizeAt(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): RtpPacket {
    const p: RtpPacket = {
      payloadType,
      marker,
      sequenceNumber: this.seq,
      timestamp: timestamp >>> 0,
      ssrc: this.ssrc,
      csrcs: [],
      payload,
    };
    this.seq = seqNext(this.seq);
    this.packetsSent++;
    this.octetsSent += payload.length;
    return p;
  }

  get nextTimestamp(): number {
    return this.ts;
  }

  /**
   * A relayed packet went out in this stream's name (see relay-rewriter.ts): our own packets continue
   * after it, as a new talkspurt.
   */
  continueAfter(sequenceNumber: number, timestamp: number, samples: number): void {
    this.seq = seqNext(sequenceNumber);
    this.ts = tsAdd(timestamp, samples);
    this.startOfTalkspurt = true;
    this.packetsSent++;
  }

  get nextSequence(): number {
    return this.seq;
  }
}
