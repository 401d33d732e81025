/**
 * One leg's life. `ringing-in` is an inbound leg we are alerting (180 sent); `ringing-out` an outbound leg
 * whose far end alerts (180 received). `early-media` is a 183 with SDP in either direction (an IVR may play
 * before answering; a carrier plays its own ring-back). `on-hold` is only reachable from `answered`:
 * holding a call that was never answered means nothing to either party.
 * A leg may go straight from `created` to `answered` (a 200 OK without any 1xx, or a local loopback leg).
 * `hung-up` is terminal: a new call needs a new channel.
 */
export type ChannelState = 'created' | 'ringing-in' | 'ringing-out' | 'early-media' | 'answered' | 'on-hold' | 'hung-up';

export const CHANNEL_STATES: readonly ChannelState[] = [
  'created',
  'ringing-in',
  'ringing-out',
  'early-media',
  'answered',
  'on-hold',
  'hung-up',
];

export const channelTransitions = {
  created: ['ringing-in', 'ringing-out', 'early-media', 'answered', 'hung-up'],
  'ringing-in': ['early-media', 'answered', 'hung-up'],
  'ringing-out': ['early-media', 'answered', 'hung-up'],
  'early-media': ['answered', 'hung-up'],
  answered: ['on-hold', 'hung-up'],
  'on-hold': ['answered', 'hung-up'],
  'hung-up': [],
} as const satisfies Record<ChannelState, readonly ChannelState[]>;

/** A leg that still carries (or may carry) media. */
export function isLive(state: ChannelState): boolean {
  return state !== 'hung-up';
}

/** Answered or held: the leg's dialog is confirmed. */
export function isUp(state: ChannelState): boolean {
  return state === 'answered' || state === 'on-hold';
}
