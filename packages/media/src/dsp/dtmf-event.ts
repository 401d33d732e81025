/** RFC 4733 §3.2 event codes for DTMF: 0–9, *, #, A–D, and 16 for hook flash. */
export const DTMF_EVENTS = '0123456789*#ABCD';
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D' | 'flash';

export function eventToDigit(event: number): DtmfDigit | undefined {
  if (event === 16) return 'flash';
  return DTMF_EVENTS[event] as DtmfDigit | undefined;
}

export function digitToEvent(digit: DtmfDigit): number {
  return digit === 'flash' ? 16 : DTMF_EVENTS.indexOf(digit);
}

export function isDtmfDigit(s: string): s is DtmfDigit {
  return s === 'flash' || (s.length === 1 && DTMF_EVENTS.includes(s.toUpperCase()) && s === s.toUpperCase());
}

/** The 4-byte telephone-event payload (RFC 4733 §2.3). */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level in −dBm0, 0–63. */
  volume: number;
  /** Duration in RTP timestamp units since the event's timestamp. */
  duration: number;
}

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  const b1 = payload[1] as number;
  return {
    event: payload[0] as number,
    end: (b1 & 0x80) !== 0,
    volume: b1 & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  };
}

export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  return Uint8Array.of(e.event & 0xff, (e.end ? 0x80 : 0) | (e.volume & 0x3f), (e.duration >> 8) & 0xff, e.duration & 0xff);
}
