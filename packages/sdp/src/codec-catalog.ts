/**
 * What a side can do, in the order it prefers. PCMU/PCMA/G.722 use their RFC 3551 static payload
 * types; Opus and telephone-event are dynamic (96–127) so a browser phone can be added by listing
 * `OPUS` in the capabilities once the media package has the codec.
 */
export interface CodecSpec {
  encoding: string;
  /** The RTP clock rate as written in rtpmap (8000 for G.722, RFC 3551 §4.5.2). */
  clockRate: number;
  channels: number;
  /** The payload type we put in offers; in answers we reuse the offerer's number (RFC 3264 §6.1). */
  payloadType: number;
  fmtp?: string;
}

export const PCMU: CodecSpec = { encoding: 'PCMU', clockRate: 8000, channels: 1, payloadType: 0 };
export const PCMA: CodecSpec = { encoding: 'PCMA', clockRate: 8000, channels: 1, payloadType: 8 };
export const G722: CodecSpec = { encoding: 'G722', clockRate: 8000, channels: 1, payloadType: 9 };
// RFC 7587 §7: Opus is always opus/48000/2 in SDP regardless of the actual channel count.
export const OPUS: CodecSpec = {
  encoding: 'opus',
  clockRate: 48000,
  channels: 2,
  payloadType: 111,
  fmtp: 'minptime=10;useinbandfec=1',
};

/** RFC 4733 §7.1.1: telephone-event must run at the clock rate of the audio codec it accompanies. */
export function telephoneEvent(clockRate: number, payloadType: number): CodecSpec {
  return { encoding: 'telephone-event', clockRate, channels: 1, payloadType, fmtp: '0-16' };
}

export const TELEPHONE_EVENT = 'telephone-event';

/** Same codec iff name (case-insensitive, RFC 4855 §3), clock rate and channel count agree. */
export function sameCodec(
  a: { encoding: string; clockRate: number; channels: number },
  b: { encoding: string; clockRate: number; channels: number },
): boolean {
  return a.encoding.toLowerCase() === b.encoding.toLowerCase() && a.clockRate === b.clockRate && a.channels === b.channels;
}
