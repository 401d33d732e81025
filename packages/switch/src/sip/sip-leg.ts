import type { NegotiatedAudio, SessionDescription } from '@rexian/sdp';
import type { createUasInvite, Dialog, Flow, InviteServerTransaction, SipRequest } from '@rexian/sip';

/**
 * The SIP and media side of one channel: its dialog, where its in-dialog requests go, its media
 * endpoint and the last offer/answer. Plain mutable state owned by the SIP switch; the call model keeps
 * the channel's state, this keeps what the model must not know about (nothing SIP leaks out).
 */
export interface SipLeg {
  channelId: string;
  callId: string;
  direction: 'inbound' | 'outbound';
  /** Where in-dialog requests and responses go: the flow the INVITE came on, or the one we sent it on. */
  flow: Flow;
  /** Our Via without branch for this flow ("SIP/2.0/UDP host:port;rport"). */
  via: string;
  contact: string;
  dialog: Dialog | null;
  /** Inbound: the INVITE, its transaction and the UAS helper answering it. */
  invite?: SipRequest;
  inviteTx?: InviteServerTransaction;
  uas?: ReturnType<typeof createUasInvite>;
  /** Outbound: cancels the INVITE (or BYEs once answered, see the switch). */
  uac?: { cancel(): void };
  /** Inbound: the caller's offer, answered when the application answers. */
  remoteOffer?: SessionDescription;
  /** What we last sent (offer or answer), for re-offers and version numbers (RFC 3264 §8). */
  localSdp?: SessionDescription;
  /**
   * Inbound: our answer already went out in a 183 (early media from the far end, RFC 3960 gateway model);
   * the 200 repeats it unchanged, as RFC 3261 §13.2.1 requires when the 1xx was unreliable.
   */
  earlyAnswer?: boolean;
  audio?: NegotiatedAudio;
  endpointId: string;
  /** The endpoint exists in the media engine (inbound legs create it when answering). */
  endpointCreated: boolean;
  localPort?: number;
  /** The address the signalling came from (vouches for RTP from it, docs/media.md). */
  sourceAddress: string;
  /** The phone put the call on hold (its re-INVITE said sendonly/inactive). */
  heldByRemote: boolean;
  /** We put this leg on hold (API hold): music on hold plays to it. */
  heldByUs: boolean;
  /** Playback id of music on hold playing to this leg. */
  moh?: string;
  /** A 2xx to a re-INVITE waiting for its ACK. */
  reinviteAck?: { acked(): void; cancel(): void };
  /** A re-INVITE of ours in progress (RFC 3261 §14.1: one at a time; glare answers 491). */
  reinviting: boolean;
  ended: boolean;
  /** The phone is transferring this leg away (REFER accepted): its BYE ends it as "transferred". */
  transferring: boolean;
  /** rtp for calls; echo for the loopback-test number (the engine mirrors what it receives). */
  endpointKind: 'rtp' | 'echo';
}

/** The key an in-dialog request of this leg arrives under: Call-ID | our tag | their tag. */
export function legKey(dialog: Pick<Dialog, 'callId' | 'localTag' | 'remoteTag'>): string {
  return `${dialog.callId}|${dialog.localTag}|${dialog.remoteTag}`;
}
