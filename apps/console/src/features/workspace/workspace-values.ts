import type { AgentCall, AgentParty } from '@rexian/contracts';

/** Pure helpers of the agent workspace (tested in apps/console/test/workspace-values.test.ts). */

export type PartyKind = AgentParty['kind'];

/** What the server accepts (packages/contracts/src/workspace.ts `agentParty`). */
const VALID: Record<PartyKind, RegExp> = {
  agent: /^[0-9]{1,16}$/,
  extension: /^[0-9]{1,16}$/,
  number: /^\+?[0-9*#]{1,32}$/,
};
export const validParty = (kind: PartyKind, value: string): boolean => VALID[kind].test(value.trim());

export const partyOf = (kind: PartyKind, value: string): AgentParty =>
  kind === 'agent' ? { kind, agentNumber: value.trim() } : { kind, number: value.trim() };
export const partyLabel = (to: AgentParty): string => (to.kind === 'agent' ? to.agentNumber : to.number);

/** The party picker of each action; the first kind is preselected. */
export const PARTY_KINDS = {
  consult: ['agent', 'extension', 'number'],
  conference: ['agent', 'extension', 'number'],
  dial: ['number', 'extension', 'agent'],
} as const satisfies Record<string, readonly PartyKind[]>;
export type PartyAction = keyof typeof PARTY_KINDS;

/** The screen-pop URL is used only when it is http(s): never a `javascript:` or `data:` link. */
export const safePopUrl = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/**
 * Which call buttons are on (the states where the server accepts the command). Consult and three-way need
 * a talking call without the other; while consulting the customer is held by the consult, so hold, unhold,
 * transfer and rating are off; dialling needs an extension and no call.
 */
export function callButtons(extension: string | null, call: AgentCall | null) {
  const answered = call !== null && call.state !== 'ringing';
  const talking = call?.state === 'talking';
  const consulting = call?.consulting === true;
  const conferencing = call?.conferencing === true;
  return {
    /** Inbound and still ringing: the phone is asked to answer by itself (auto-answer headers). */
    answer: call?.state === 'ringing' && call.direction === 'inbound',
    hangup: call !== null,
    hold: talking && !consulting,
    unhold: call?.state === 'held' && !consulting,
    transfer: answered && !consulting,
    rate: answered && !consulting && !conferencing,
    consult: talking && !consulting && !conferencing,
    conference: talking && !consulting && !conferencing,
    dial: extension !== null && call === null,
    consulting,
    conferencing,
  };
}
