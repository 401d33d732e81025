import type { CodecConfig, CodecName, RemoteConfig } from '@rexian/media';
import { type CodecSpec, G722, type NegotiatedAudio, PCMA, PCMU, rtpMaps, type SessionDescription, sameCodec } from '@rexian/sdp';

/** What the media engine can encode, in our default preference (G.711 first: every phone has it). */
export const SWITCH_CODECS: readonly CodecSpec[] = [PCMU, PCMA, G722];

const MEDIA_NAMES: Record<string, CodecName> = { pcmu: 'PCMU', pcma: 'PCMA', g722: 'G722' };

export function mediaCodecName(encoding: string): CodecName | undefined {
  return MEDIA_NAMES[encoding.toLowerCase()];
}

/**
 * The codecs to offer a new leg of a call: those the caller offered that we also speak, in the caller's
 * order (so the callee is likely to answer one the caller accepts, and the bridge relays without
 * transcoding), followed by the rest of ours.
 */
export function codecsForOffer(callerOffer: SessionDescription | undefined): CodecSpec[] {
  if (!callerOffer) return [...SWITCH_CODECS];
  const audio = callerOffer.media.find((m) => m.type === 'audio' && m.port !== 0);
  const offered = audio ? rtpMaps(audio) : [];
  const first = SWITCH_CODECS.filter((c) => offered.some((o) => sameCodec(o, c))).sort(
    (a, b) => offered.findIndex((o) => sameCodec(o, a)) - offered.findIndex((o) => sameCodec(o, b)),
  );
  return [...first, ...SWITCH_CODECS.filter((c) => !first.includes(c))];
}

/** The media engine's codec for a negotiated stream. */
export function codecConfigOf(audio: NegotiatedAudio): CodecConfig {
  const name = mediaCodecName(audio.codec.encoding) ?? 'PCMU';
  return {
    name,
    payloadType: audio.codec.payloadType,
    ptimeMs: audio.ptime,
    ...(audio.telephoneEvent ? { telephoneEventPayloadType: audio.telephoneEvent.payloadType } : {}),
  };
}

/**
 * Where to send and what to accept: RTP only from the SDP's host or the SIP peer's address (the "RTP bleed"
 * rule, docs/media.md), in the direction the offer/answer agreed.
 */
export function remoteConfigOf(audio: NegotiatedAudio, signallingSource: string | undefined): RemoteConfig {
  const hosts = [
    audio.remoteAddress,
    ...(signallingSource && signallingSource !== audio.remoteAddress ? [signallingSource] : []),
  ];
  return {
    address: audio.remoteAddress,
    port: audio.remotePort,
    rtcpPort: audio.remoteRtcpPort,
    allowedHosts: hosts,
    direction: audio.direction,
    codec: codecConfigOf(audio),
  };
}

/** A placeholder codec for an endpoint created before the answer names the real one. */
export const PROVISIONAL_CODEC: CodecConfig = { name: 'PCMU', payloadType: 0, ptimeMs: 20, telephoneEventPayloadType: 101 };
