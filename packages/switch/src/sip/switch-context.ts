import type { Clock, Logger } from '@rexian/kernel';
import type { MediaEngine, Prompt } from '@rexian/media';
import type { DigestClient, TransactionLayer, Transport, TransportProtocol, UacFailure } from '@rexian/sip';
import type { CallEventBus } from '../call/call-events.ts';
import type { CallModel } from '../call/call-model.ts';
import type { CallType, ChannelSnapshot } from '../call/call-types.ts';
import type { LegTable } from './leg-table.ts';
import type { SipLeg } from './sip-leg.ts';

/** Where an outbound leg goes: the Request-URI and the next hop (a phone's binding or a trunk). */
export interface SipTarget {
  uri: string;
  next: { protocol: TransportProtocol; address: string; port: number };
  /** A trunk's credentials (answers one 401/407). */
  digest?: DigestClient;
  trunkId?: string;
  /** The host written in From (a trunk's domain); ours when absent. */
  fromHost?: string;
}

/** A new INVITE, as the dial plan sees it. */
export interface IncomingCallInfo {
  /** The digest user (an extension) or the label of the trusted trunk it came from. */
  user: string;
  caller: string;
  dialled: string;
  source: { protocol: TransportProtocol; address: string; port: number };
}

/** The dial plan's decision: refuse with a status, or create the channel and let `run` handle it. */
export type IncomingRoute =
  | { reject: number }
  | {
      callType: CallType;
      accessNumber?: string;
      trunkId?: string;
      /** `echo`: the leg's media endpoint mirrors what it receives (the loopback-test number). */
      media?: 'echo';
      run(channel: ChannelSnapshot): Promise<void>;
    };

export interface SipSwitchOptions {
  clock: Clock;
  logger?: Logger;
  layer: TransactionLayer;
  transports: readonly Transport[];
  /** What we advertise in Via and Contact per transport (the bound port, the public host). */
  local: readonly { protocol: TransportProtocol; host: string; port: number }[];
  media: MediaEngine;
  /** Our RTP address: bound by the media workers and written in SDP c=. */
  mediaAddress: string;
  /** Destination number → where to send the INVITE; empty when nobody can take it. */
  locate(destination: string, channel: ChannelSnapshot): Promise<SipTarget[]>;
  route(call: IncomingCallInfo): Promise<IncomingRoute>;
  /** A prompt by name (voice-file id or path), decoded for the bus rate; undefined when missing. */
  loadPrompt(name: string): Promise<Prompt | undefined>;
  /** The prompt played to held parties; without one they hear the China call-waiting tone. */
  musicOnHold?: string;
  /** Converts a finished WAV recording to MP3 (the switch records WAV: live MP3 is too slow, docs/media.md). */
  /**
   * A recording ended. `path` is the WAV the engine wrote; for `format` mp3 it is the sibling of `file` (the
   * name the CDR shows) and the caller converts it (the switch records WAV: live MP3 is too slow).
   */
  onRecordingFinished?(file: { path: string; file: string; format: 'wav' | 'mp3'; durationMs: number }): void | Promise<void>;
  /** An outbound INVITE failed (final error status, time-out, transport error), before the leg hangs up: trunk failover. */
  onOutboundFailed?(channelId: string, failure: UacFailure): void;
  newId?: () => string;
  bus?: CallEventBus;
}

/** What the switch's parts share: options, the model and the legs by channel and by dialog. */
export interface SwitchContext {
  readonly o: SipSwitchOptions;
  readonly log: Logger;
  readonly model: CallModel;
  readonly bus: CallEventBus;
  readonly legs: LegTable;
  readonly byDialog: Map<string, SipLeg>;
  readonly newId: () => string;
  /** The leg's dialog is known: index it for in-dialog requests and ACKs. */
  index(leg: SipLeg): void;
  /** Forgets a leg and frees its media (idempotent). */
  release(leg: SipLeg): Promise<void>;
  /** True when both legs' endpoints live on one media worker (a bridge between them can be made). */
  sameWorker(a: SipLeg, b: SipLeg): Promise<boolean>;
  /** Moves a leg's media to a new endpoint on `near`'s worker (a re-INVITE with the new port). */
  reanchor(leg: SipLeg, near: SipLeg): Promise<void>;
}
