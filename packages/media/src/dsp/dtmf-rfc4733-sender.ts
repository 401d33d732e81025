import { tsAdd } from '../rtp/sequence.ts';
import { type DtmfDigit, digitToEvent, encodeTelephoneEvent } from './dtmf-event.ts';

export interface DtmfSendRequest {
  digit: DtmfDigit;
  durationMs: number;
  /** RTP timestamp of the event start: the audio stream's current timestamp. */
  timestamp: number;
  clockRate: number;
  /** Interval between updates, normally the stream's ptime. */
  intervalMs?: number;
  /** −dBm0, RFC 4733 §2.3.4; 10 is a typical keypad level. */
  volume?: number;
}

export interface PlannedEventPacket {
  /** Milliseconds after the start at which to send. */
  atMs: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

/** Longest duration one segment can express (RFC 4733 §2.5.1.3). */
const MAX_SEGMENT_UNITS = 0xffff;
const END_REPEATS = 3;

/**
 * Plan the telephone-event packets for one key press: a first packet with the marker bit, updates with
 * growing duration each interval, and the final duration sent three times with the E bit (§2.5.1.4).
 * Long presses roll over into new segments with new timestamps. The caller pauses audio meanwhile.
 */
export function planRfc4733(req: DtmfSendRequest): PlannedEventPacket[] {
  const event = digitToEvent(req.digit);
  const interval = req.intervalMs ?? 20;
  const volume = req.volume ?? 10;
  const unitsPerMs = req.clockRate / 1000;
  const totalUnits = Math.max(1, Math.round(req.durationMs * unitsPerMs));
  const out: PlannedEventPacket[] = [];
  let segmentStart = 0;
  let first = true;
  for (let elapsed = interval; ; elapsed += interval) {
    const done = Math.min(Math.round(elapsed * unitsPerMs), totalUnits);
    let segmentUnits = done - segmentStart;
    if (segmentUnits > MAX_SEGMENT_UNITS) {
      segmentStart += MAX_SEGMENT_UNITS;
      segmentUnits = done - segmentStart;
    }
    const end = done >= totalUnits;
    const packet = (atMs: number): PlannedEventPacket => ({
      atMs,
      timestamp: tsAdd(req.timestamp, segmentStart),
      marker: first,
      payload: encodeTelephoneEvent({ event, end, volume, duration: segmentUnits }),
    });
    out.push(packet(elapsed - interval));
    first = false;
    if (end) {
      for (let r = 1; r < END_REPEATS; r++) out.push(packet(elapsed - interval + r * interval));
      return out;
    }
  }
}
