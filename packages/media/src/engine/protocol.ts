import type { CodecName } from '../codecs/codec.ts';
import type { DtmfDigit } from '../dsp/dtmf-event.ts';
import type { JitterStats } from '../dsp/jitter-buffer.ts';
import type { RecordingFormat } from '../dsp/recorder.ts';
import type { CHINA_TONES } from '../dsp/tone-generator.ts';

export type ToneName = keyof typeof CHINA_TONES;

/**
 * The one typed protocol between the control side (`MediaEngine`, used by the switch) and the media
 * workers. Messages are structured-cloneable plain data; PCM travels as Int16Array.
 */

export interface CodecConfig {
  name: CodecName;
  /** Payload type the peer expects (dynamic numbers differ between legs). */
  payloadType: number;
  telephoneEventPayloadType?: number;
  ptimeMs: number;
}

export interface RemoteConfig {
  address: string;
  port: number;
  /** Where to send RTCP: the RTP port itself when rtcp-mux was negotiated; default port + 1. */
  rtcpPort?: number;
  /** Hosts the signalling vouches for (SDP c= and SIP source); see rtp-latch.ts. */
  allowedHosts?: string[];
  relatchAfterSilenceMs?: number;
  /**
   * Our negotiated direction (RFC 3264 §6.1; `NegotiatedAudio.direction` from @rexian/sdp). Hold is a
   * re-`connect` with another direction: recvonly/inactive stop our RTP, sendonly/inactive ignore the
   * peer's. RTCP keeps flowing either way (RFC 3264 §5.1).
   */
  direction?: MediaDirection;
  /**
   * The codec agreed in the answer, when it differs from the one the endpoint was created with (an
   * offerer allocates its port before it knows what the peer picks). Ignored while the endpoint relays.
   */
  codec?: CodecConfig;
}

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** rtp: a call leg; echo: mirrors each packet back to its sender; loopback: decodes and plays back what it hears. */
export type EndpointKind = 'rtp' | 'echo' | 'loopback';

export type SupervisorMode = 'listen' | 'whisper' | 'barge';

/**
 * Ends a recording on silence (voicemail). Only the incoming audio counts: the endpoint's inbound
 * stream, or both members' inbound streams for a bridge. Like VoiceXML's `finalsilence`, `silenceMs`
 * runs only after speech was heard; `noSpeechMs` (VoiceXML's no-input timeout) also ends a recording in
 * which nothing was said. (Asterisk's Record() `s=` is both at once: `silenceMs` = `noSpeechMs`.) The
 * trailing silence is trimmed from the file, keeping its first 200 ms, as Asterisk's voicemail does.
 */
export interface SilenceStop {
  /** A 20 ms frame quieter than this (RMS, dBFS) is silence. Default −45 dBFS (a quiet line). */
  thresholdDbfs?: number;
  /** Silence after speech this long ends the recording (reason `silence`). */
  silenceMs: number;
  /** Nothing said this long from the start ends it too (reason `no-speech`). Default: never. */
  noSpeechMs?: number;
}

/** Why a recording ended: destroyed (stopped, or its endpoint/bridge went away), or by `stopOnSilence`. */
export type RecordFinishReason = 'stopped' | 'silence' | 'no-speech';

export type ControlRequest =
  | { op: 'createEndpoint'; id: string; kind: EndpointKind; codec: CodecConfig; localAddress: string; remote?: RemoteConfig }
  | { op: 'connect'; id: string; remote: RemoteConfig }
  | { op: 'bridge'; id: string; endpoints: [string, string] }
  | { op: 'mix'; id: string; endpoints: string[] }
  /** Conference join and leave. */
  | { op: 'mixAdd'; mix: string; endpoint: string }
  | { op: 'mixRemove'; mix: string; endpoint: string }
  | { op: 'supervise'; mix: string; supervisor: string; mode: SupervisorMode; agent?: string }
  | {
      op: 'play';
      id: string;
      target: string;
      prompts: Array<{ samples: Int16Array; sampleRate: number }>;
      loops?: number;
      bargeIn?: boolean;
    }
  /** A call-progress tone (China 450 Hz cadences), looped until stopped. */
  | { op: 'playTone'; id: string; target: string; tone: ToneName }
  | { op: 'pausePlay'; id: string }
  | { op: 'resumePlay'; id: string }
  | { op: 'stopPlay'; id: string }
  | {
      op: 'record';
      id: string;
      target: string;
      format: RecordingFormat;
      channels: 1 | 2;
      path: string;
      stopOnSilence?: SilenceStop;
    }
  | { op: 'sendDtmf'; target: string; digit: DtmfDigit; durationMs?: number }
  | { op: 'stats'; target: string }
  | { op: 'shardStats' }
  | { op: 'destroy'; id: string }
  | { op: 'shutdown' };

export type ControlOp = ControlRequest['op'];

export interface EndpointStats {
  id: string;
  kind: EndpointKind;
  localPort: number;
  packetsReceived: number;
  packetsSent: number;
  packetsRelayed: number;
  rejectedForeign: number;
  malformed: number;
  ssrcChanges: number;
  /** From our receive statistics (RFC 3550 §A.3/§A.8). */
  cumulativeLost: number;
  jitterMs: number;
  /** What the peer reported about our stream in its last RTCP report. */
  remoteReport?: { fractionLost: number; cumulativeLost: number; jitterMs: number };
  jitterBuffer?: JitterStats;
  concealedFrames: number;
  latchedTo?: { address: string; port: number };
}

export interface ShardStats {
  objects: number;
  endpoints: number;
  /** Health of the worker's 20 ms clock (see media-clock.ts). */
  clock: { ticks: number; late: number; skipped: number; maxLatenessMs: number };
  /** Longest tick (pull, mix, push, record for every endpoint), ms. */
  maxTickMs: number;
  /** How the worker does UDP: the udp_batch addon, or Node's dgram (the fallback). */
  io?: ShardIoStats;
}

export interface ShardIoStats {
  mode: 'native' | 'dgram';
  /** Counters of the native path (native-udp.ts). */
  native?: {
    polls: number;
    received: number;
    truncated: number;
    recvCalls: number;
    recvErrors: number;
    sent: number;
    sendCalls: number;
    sendDropped: number;
    sendErrors: number;
    /** Relayed by the addon's fast path without reaching JavaScript. */
    forwarded: number;
    /** Hybrid wake: the timer stopped for lack of traffic / readiness restarted it. */
    sleeps: number;
    wakes: number;
  };
}

export type ControlResult =
  | { op: 'createEndpoint'; port: number }
  | { op: 'stats'; stats: EndpointStats }
  | { op: 'shardStats'; stats: ShardStats }
  | { op: 'ok' };

export interface RequestEnvelope {
  reqId: number;
  request: ControlRequest;
}

export type ResponseEnvelope =
  | { reqId: number; ok: true; result: ControlResult }
  | { reqId: number; ok: false; error: { code: string; message: string } };

export type EngineEvent =
  | { event: 'dtmf'; endpoint: string; digit: DtmfDigit; durationMs: number; source: 'rfc4733' | 'inband' }
  | { event: 'playFinished'; id: string; reason: 'completed' | 'barge-in' | 'stopped'; digit?: DtmfDigit }
  | { event: 'recordFinished'; id: string; path: string; durationMs: number; reason: RecordFinishReason }
  | { event: 'ssrcChanged'; endpoint: string; ssrc: number }
  | { event: 'destroyed'; id: string };

export type WorkerMessage =
  | { type: 'response'; response: ResponseEnvelope }
  | { type: 'event'; event: EngineEvent }
  /** `reason`: why the worker fell back to dgram, when it did. */
  | { type: 'ready'; io: 'native' | 'dgram'; reason?: string; disabled?: boolean };
