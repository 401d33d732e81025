import type { DtmfDigit } from '@rexian/media';
import type { HangupCause } from '../cdr/hangup-cause.ts';
import type { ChannelState } from './channel-state.ts';

/** Inbound: the far end called us. Outbound: we called the far end. */
export type ChannelDirection = 'inbound' | 'outbound';

/** The leg's part in its call, for the CDR: the party who started it, the party it was for, and extras. */
export type LegRole = 'caller' | 'callee' | 'consult' | 'transfer-target' | 'conference';

/** The manual's call types (§4.7.2 filters). */
export type CallType = 'inbound' | 'manual-outbound' | 'auto-outbound' | 'internal' | 'loopback-test';

/** Where a DTMF digit came from; all three become the same `dtmf.received` event. */
export type DtmfSource = 'rfc4733' | 'sip-info' | 'inband';

/** Who ended a leg: its own party (BYE/CANCEL received), the switch on an application's order, or the system. */
export type HangupSide = 'remote' | 'local' | 'system';

export interface ChannelInfo {
  id: string;
  /** The call (and CDR) this leg belongs to. */
  callId: string;
  direction: ChannelDirection;
  role: LegRole;
  /** Calling party number (From user). */
  caller: string;
  /** Called party number (To/Request-URI user). */
  callee: string;
  /** Codec negotiated on this leg, when known; bridges relay only between legs with equal codecs. */
  codec?: string;
  /** Set on the first leg of a call. */
  callType?: CallType;
  accessNumber?: string;
  trunkId?: string;
  /**
   * The call's parties for its CDR when they are not this first leg's own (click to dial: the switch rings
   * the agent's phone first, showing the number it will call; the agent is the call's caller).
   */
  cdrParties?: { caller: string; callee: string };
}

export interface ChannelSnapshot extends ChannelInfo {
  state: ChannelState;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  bridgeId?: string;
  cause?: HangupCause;
  hungUpBy?: HangupSide;
}

/** Same-codec two-party bridges forward packets as received; anything else goes through the mixer. */
export type BridgeMode = 'relay' | 'mix';

/**
 * A supervisor's part in a call bridge (issue 8 §4): `listen` hears everyone and is heard by nobody,
 * `whisper` is heard by its target (the agent) only, `barge` is heard by all.
 */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

/** A monitoring member of a bridge; `targetId` is the channel a whisper reaches. */
export interface BridgeMonitor {
  channelId: string;
  mode: MonitorMode;
  targetId?: string;
}

export interface BridgeSnapshot {
  id: string;
  /** `mix` forces the mixer even for two legs (conference rooms, supervisor taps). */
  kind: 'call' | 'conference';
  mode: BridgeMode;
  members: readonly string[];
  closed: boolean;
  /** Members that monitor the others (a bridge with monitors is mixed); absent or empty: none. */
  monitors?: readonly BridgeMonitor[];
}

export interface RecordingSnapshot {
  id: string;
  callId: string;
  /** The channel or bridge the tap hangs on; closing either stops the recording. */
  target: { kind: 'channel' | 'bridge'; id: string };
  file: string;
  format: 'wav' | 'mp3';
  startedAt: number;
}

export type { DtmfDigit };
