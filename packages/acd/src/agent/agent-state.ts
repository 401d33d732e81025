import type { TransitionTable } from '@rexian/kernel';

/** The agent states of the glossary (座席状态). `signed-out` is the rest state. */
export const AGENT_STATES = [
  'signed-out',
  'idle',
  'busy',
  'away',
  'outbound-only',
  'reserved',
  'ringing',
  'talking',
  'wrap-up',
] as const;

export type AgentState = (typeof AGENT_STATES)[number];

/**
 * Every legal move. Notes on the less obvious rows:
 * - any signed-in state may go to `signed-out`: forced sign-out by a supervisor and the end of the
 *   disconnect retention time must always work, or an agent could be stuck;
 * - `reserved` (chosen by the ACD, not ringing yet) only moves on to `ringing` or back to `idle`;
 * - `talking` is entered from `ringing` (inbound) or from a ready/not-ready state (outbound call);
 *   `talking -> idle` is the path when no wrap-up is configured.
 */
export const agentTransitions = {
  'signed-out': ['idle', 'busy'],
  idle: ['signed-out', 'busy', 'away', 'outbound-only', 'reserved', 'talking'],
  busy: ['signed-out', 'idle', 'away', 'outbound-only', 'talking'],
  away: ['signed-out', 'idle', 'busy', 'outbound-only'],
  'outbound-only': ['signed-out', 'idle', 'busy', 'away', 'talking'],
  reserved: ['signed-out', 'idle', 'ringing'],
  ringing: ['signed-out', 'idle', 'busy', 'talking'],
  talking: ['signed-out', 'idle', 'wrap-up'],
  'wrap-up': ['signed-out', 'idle', 'busy', 'away', 'outbound-only', 'talking'],
} as const satisfies Record<AgentState, readonly AgentState[]>;

export const agentTransitionTable: TransitionTable<AgentState> = agentTransitions;

/** Who holds a state: the agent (self-service), a call, a supervisor, or the system (time-outs, repairs). */
export type StateOwner =
  | { readonly kind: 'none' }
  | { readonly kind: 'agent'; readonly id: string }
  | { readonly kind: 'call'; readonly id: string }
  | { readonly kind: 'supervisor'; readonly id: string }
  | { readonly kind: 'system'; readonly id: string };

/** The states in which the ACD may hand the agent a queued call. */
export function isOfferableState(s: AgentState): boolean {
  return s === 'idle';
}

/** States counted as "working" by the work-rate definition (reserved + ringing + talking + wrap-up). */
export function isWorkState(s: AgentState): boolean {
  return s === 'reserved' || s === 'ringing' || s === 'talking' || s === 'wrap-up';
}

/** The state an agent returns to after a call's wrap-up. */
export type ResumeState = 'idle' | 'busy' | 'outbound-only';
