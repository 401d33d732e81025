import type { SilenceStop } from '@rexian/media';
import type { HangupCause } from '../cdr/hangup-cause.ts';
import type { BridgeSnapshot, ChannelSnapshot } from './call-types.ts';

/**
 * What the SIP/media adapter does for the call controller. Each method resolves once the signalling or
 * media side has carried the command out (e.g. a BYE got its answer) and rejects with an
 * AppError when it could not. Progress of an outbound leg (180, 183, 200, failures) is not returned
 * here: the adapter reports it to the `CallModel` (`ringing`, `earlyMedia`, `answered`, `hungUp`).
 */
export interface SwitchAdapter {
  /** 200 OK with our SDP on an inbound leg (RFC 3261 §13.3.1.4). */
  answer(channel: ChannelSnapshot): Promise<void>;
  /** BYE on a confirmed dialog, CANCEL or a final 4xx–6xx before it (RFC 3261 §15); Reason per RFC 3326. */
  hangup(channel: ChannelSnapshot, cause: HangupCause): Promise<void>;
  /** Music on hold toward the held party (its negotiated media stays; see docs/switch.md). */
  hold(channel: ChannelSnapshot): Promise<void>;
  /** Stop music on hold and reconnect the party to its bridge. */
  unhold(channel: ChannelSnapshot): Promise<void>;
  /** Start an outbound leg (INVITE) for a channel the model already holds in state `created`. */
  /** `autoAnswer`: ask the phone to answer by itself (Call-Info answer-after=0, Alert-Info auto-answer). */
  originate(channel: ChannelSnapshot, request: { destination: string; callerId: string; autoAnswer?: boolean }): Promise<void>;
  /** Make the media topology match the bridge (relay, mix, or tear down when closed). */
  applyBridge(bridge: BridgeSnapshot): Promise<void>;
  /** Play prompts to a channel; resolves when done or stopped (true) or interrupted by a hang-up (false). */
  play(channel: ChannelSnapshot, request: { playbackId: string; media: readonly string[] }): Promise<boolean>;
  /** Stop a playback early (barge-in); its `play` resolves true. A playback already finished is no error. */
  stopPlayback(playbackId: string): Promise<void>;
  /** Attach a recording tap to a channel or a bridge. */
  startRecording(request: {
    recordingId: string;
    target: { kind: 'channel' | 'bridge'; id: string };
    file: string;
    format: 'wav' | 'mp3';
    /** 2 (default): the party and what it hears, one channel each; 1: both mixed (voicemail). */
    channels?: 1 | 2;
    /** End the recording on silence in the incoming audio (voicemail); see the media engine's `SilenceStop`. */
    stopOnSilence?: SilenceStop;
  }): Promise<void>;
  stopRecording(recordingId: string): Promise<void>;
}
