import { tsDiff } from '../rtp/sequence.ts';
import { type DtmfDigit, eventToDigit, parseTelephoneEvent } from './dtmf-event.ts';

export type DtmfReceiverInput =
  | { kind: 'packet'; timestamp: number; marker: boolean; payload: Uint8Array; nowMs: number }
  | { kind: 'tick'; nowMs: number };

export type DtmfNotice =
  | { type: 'begin'; digit: DtmfDigit; timestamp: number }
  | { type: 'end'; digit: DtmfDigit; timestamp: number; durationMs: number; endSeen: boolean };

export interface DtmfReceiverOptions {
  clockRate: number;
  /** End an event whose end packets were all lost after this long without an update. */
  missingEndTimeoutMs?: number;
}

interface Current {
  event: number;
  digit: DtmfDigit;
  /** Timestamp of the first segment: the event's identity. */
  timestamp: number;
  /** Timestamp of the segment being updated (long events span several, RFC 4733 §2.5.1.3). */
  segmentTs: number;
  /** Units accumulated in completed segments plus the current segment's duration. */
  previousUnits: number;
  segmentUnits: number;
  ended: boolean;
  lastUpdateMs: number;
}

/**
 * RFC 4733 telephone-event receiver: turns a stream of event packets into one begin and one end per
 * key press. Handles the three end-packet retransmissions (§2.5.1.4), duplicates and reordering, lost
 * first or end packets, and long presses split into segments. Pure: input in, notices out.
 */
export class DtmfRfc4733Receiver {
  private readonly clockRate: number;
  private readonly timeoutMs: number;
  private current: Current | undefined;
  /** Timestamps of recently finished events: late packets of those are ignored whatever their flags. */
  private readonly recent: number[] = [];

  constructor(options: DtmfReceiverOptions) {
    this.clockRate = options.clockRate;
    this.timeoutMs = options.missingEndTimeoutMs ?? 250;
  }

  process(input: DtmfReceiverInput): DtmfNotice[] {
    if (input.kind === 'tick') return this.onTick(input.nowMs);
    const e = parseTelephoneEvent(input.payload);
    const digit = e ? eventToDigit(e.event) : undefined;
    if (!e || !digit) return [];
    const out: DtmfNotice[] = [];
    const cur = this.current;
    if (cur && input.timestamp === cur.segmentTs) {
      if (cur.ended) return out; // end retransmission or late duplicate
      if (e.duration > cur.segmentUnits) cur.segmentUnits = e.duration;
      cur.lastUpdateMs = input.nowMs;
      if (e.end) out.push(this.finish(cur, true));
      return out;
    }
    if (this.recent.includes(input.timestamp)) return out; // a late packet of an event already reported
    // An older timestamp is a late packet, unless it carries the marker of a new event: some senders
    // (SIPp replaying captures, restarted phones keeping their SSRC) move timestamps backwards.
    if (cur && tsDiff(cur.segmentTs, input.timestamp) < 0 && !input.marker) return out;
    if (cur && !cur.ended && e.event === cur.event && this.continues(cur, input.timestamp)) {
      // Long press: a new segment of the same event starts where the previous one's duration ended.
      // The segment start timestamps measure the elapsed time exactly, even if the last update was lost.
      cur.previousUnits += tsDiff(cur.segmentTs, input.timestamp);
      cur.segmentTs = input.timestamp;
      cur.segmentUnits = e.duration;
      cur.lastUpdateMs = input.nowMs;
      if (e.end) out.push(this.finish(cur, true));
      return out;
    }
    if (cur && !cur.ended) out.push(this.finish(cur, false));
    const next: Current = {
      event: e.event,
      digit,
      timestamp: input.timestamp,
      segmentTs: input.timestamp,
      previousUnits: 0,
      segmentUnits: e.duration,
      ended: false,
      lastUpdateMs: input.nowMs,
    };
    this.current = next;
    out.push({ type: 'begin', digit, timestamp: input.timestamp });
    if (e.end) out.push(this.finish(next, true));
    return out;
  }

  private continues(cur: Current, ts: number): boolean {
    const gap = tsDiff(cur.segmentTs + cur.segmentUnits, ts);
    // Allow one update interval of slack: the last update before the split may have been lost.
    return gap >= 0 && gap <= this.clockRate / 10;
  }

  /** An event started and has not ended yet (only `tick` can end it if its end packets are lost). */
  get eventOpen(): boolean {
    return this.current !== undefined && !this.current.ended;
  }

  private onTick(nowMs: number): DtmfNotice[] {
    const cur = this.current;
    if (!cur || cur.ended || nowMs - cur.lastUpdateMs < this.timeoutMs) return [];
    return [this.finish(cur, false)];
  }

  private finish(cur: Current, endSeen: boolean): DtmfNotice {
    cur.ended = true;
    this.recent.push(cur.timestamp, cur.segmentTs);
    if (this.recent.length > 16) this.recent.splice(0, this.recent.length - 16);
    const units = cur.previousUnits + cur.segmentUnits;
    return { type: 'end', digit: cur.digit, timestamp: cur.timestamp, durationMs: (units * 1000) / this.clockRate, endSeen };
  }
}
