import type { ChannelSnapshot } from '@rexian/switch';

/**
 * Generated audio (TTS, voice-file bytes, beeps, pauses) reaches the switch by name: the switch plays
 * prompts through its `loadPrompt(name)` hook, so the IVR channel registers the bytes and hands the
 * switch a `mem:<key>` name that the server's `loadPrompt` resolves here. Registration is counted: a
 * prompt stays while a playback may still load it and is released after.
 */
export interface PromptRegistry {
  /** Registers WAV bytes; `name` is what the switch plays, `release` ends this use of it. */
  acquire(bytes: Uint8Array): { name: string; release(): void };
}

/** Where an IVR may send a caller besides a phone number (VoiceXML `<transfer dest>`). */
export type IvrDestination =
  | { kind: 'queue'; target: string }
  | { kind: 'ivr'; target: string }
  | { kind: 'voicemail'; target: string }
  /** A tel:/sip: number handed to the dial plan (blind transfer). */
  | { kind: 'number'; target: string };

/**
 * `accepted`: the route takes the caller; `run` continues the call once the IVR session has ended (the
 * channel is the route's from then on). `noroute`: nothing serves this destination; the IVR goes on
 * with `error.connection.noroute`.
 */
export type IvrRouteResult = { kind: 'accepted'; run(): Promise<void> } | { kind: 'noroute'; reason: string };

/** A bridged transfer's far end: what to originate, through which trunk, with which caller ID. */
export interface DialTarget {
  destination: string;
  trunkId?: string;
  callerId?: string;
}

/** What the server provides for transfers (queue, voicemail, another IVR, the dial plan's numbers). */
export interface IvrRoutes {
  route(dest: IvrDestination, channel: ChannelSnapshot): Promise<IvrRouteResult>;
  /** Where a bridged tel:/sip: transfer dials; undefined when the number has no route. */
  dialTarget(number: string, channel: ChannelSnapshot): Promise<DialTarget | undefined>;
}
