import type { OverflowAction } from '@rexian/acd';
import type { ChannelSnapshot, LegRole, SipSwitch } from '@rexian/switch';

/** What CTI needs of the switch: the call model, its events and the controller (no SIP, no media). */
export type CtiSwitch = Pick<SipSwitch, 'model' | 'bus' | 'controller' | 'clock' | 'ring'> & {
  /** SipSwitch.keepAlone: the customer stays up when the agent's phone hangs up (forced rating). */
  keepAlone?(channelId: string): void;
};

/** One agent as CTI shows it: identity for events, and the extension bound in the configuration. */
export interface AgentInfo {
  id: string;
  number: string;
  name: string;
  boundExtension: string | null;
}

/**
 * The routes CTI hands a caller to that live outside it (the server implements them): voicemail, an IVR,
 * an outside number through the outbound routes. Each runs until the caller leaves that application.
 */
export interface CtiRoutes {
  voicemail(caller: ChannelSnapshot, mailbox: string, accessNumber: string | null): Promise<void>;
  ivr(caller: ChannelSnapshot, ivrId: string): Promise<void>;
  /**
   * Originates a leg to an outside number (outbound route, trunk, caller ID from the access number) on
   * `callId`, in `role` (default callee); null when no route matches.
   */
  outbound(callId: string, number: string, callerId: string | null, role?: LegRole): Promise<ChannelSnapshot | null>;
}

/** What a queued caller is, beyond the switch channel: the access number and the VIP decision. */
export interface QueueEntry {
  queueId: string;
  accessNumber: string | null;
  vip?: boolean;
}

export type { OverflowAction };

/** The satisfaction survey's prompts (media names the switch can play). */
export interface SurveyPrompts {
  question: string;
  thanks: string;
}

/** One satisfaction rating (满意度评价), stored per call and agent. */
export interface CallRating {
  callId: string;
  agentId: string;
  queueId: string | null;
  /** The key pressed, or null when the customer pressed nothing (or hung up). */
  digit: string | null;
}

/** The survey's dependencies: its prompts, where ratings go, and whether hanging up forces it (§4.6.11 强制评分). */
export interface SurveyPort {
  prompts(): Promise<SurveyPrompts>;
  save(rating: CallRating): Promise<void>;
  forced(): boolean;
}
