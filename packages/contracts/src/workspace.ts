import { z } from 'zod';

/**
 * The agent workspace (§3 普通座席, §六 web agent): the signed-in user's agent session, its commands and
 * the events pushed to it. The agent SDK (packages/agent-sdk) speaks exactly these shapes.
 * `agentStates` is kept equal to @rexian/acd's AGENT_STATES (a server test checks it).
 */
export const agentStates = [
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
export type AgentStateCode = (typeof agentStates)[number];

const isoTime = z.string();
const digits = z
  .string()
  .trim()
  .regex(/^[0-9]{1,16}$/, { message: '1–16 digits' });
const dialString = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{1,32}$/, { message: 'digits, *, # and a leading +' });

/** The call the agent is on (at most one in this version; a consult adds `consult`). */
export const agentCall = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** The customer's number (masked without pbx.cdr.unmasked) and what they dialled. */
  caller: z.string(),
  callee: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  accessNumber: z.string().nullable(),
  state: z.enum(['ringing', 'talking', 'held']),
  since: isoTime,
  /** A consult (attended transfer) is in progress: the customer waits on hold. */
  consulting: z.boolean(),
  /** A third party was added (three-way). */
  conferencing: z.boolean(),
});
export type AgentCall = z.infer<typeof agentCall>;

export const agentSession = z.object({
  agentId: z.string(),
  agentNumber: z.string(),
  agentName: z.string(),
  /** The extension that rings for this session; null = signed in to monitor only (or signed out). */
  extension: z.string().nullable(),
  /** The extension bound to the agent in the configuration (the default for sign-in). */
  boundExtension: z.string().nullable(),
  state: z.enum(agentStates),
  /** Busy reason id while busy. */
  reasonId: z.string().nullable(),
  stateSince: isoTime,
  call: agentCall.nullable(),
  now: isoTime,
});
export type AgentSession = z.infer<typeof agentSession>;

export const agentSignIn = z.strictObject({
  /** Omitted: the agent's bound extension; null: monitor only (never offered calls). */
  extension: digits.nullable().optional(),
  initial: z.enum(['idle', 'busy']).optional(),
});
export type AgentSignIn = z.infer<typeof agentSignIn>;

/** The states an agent may choose (the others belong to calls). */
export const agentStateChange = z.strictObject({
  state: z.enum(['idle', 'busy', 'away', 'outbound-only']),
  reasonId: z.string().trim().min(1).max(64).optional(),
});
export type AgentStateChange = z.infer<typeof agentStateChange>;

/** Someone an agent consults, adds to a three-way call, or calls: an agent, an extension or an outside number. */
export const agentParty = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent'), agentNumber: digits }),
  z.strictObject({ kind: z.literal('extension'), number: digits }),
  z.strictObject({ kind: z.literal('number'), number: dialString }),
]);
export type AgentParty = z.infer<typeof agentParty>;
export const agentPartyBody = z.strictObject({ to: agentParty });

/**
 * Click to dial (点击外呼) and internal calls: the agent's phone rings first, then the party is called; an
 * outside number shows the access number as caller ID.
 */
export const agentDial = z.strictObject({ to: agentParty, accessNumber: digits.optional() });
export type AgentDial = z.infer<typeof agentDial>;
export const agentDialResult = z.object({ callId: z.string() });

/** Blind transfer destinations (§3): an agent, an extension, an outside number, a queue, an IVR. */
export const transferTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent'), agentNumber: digits }),
  z.strictObject({ kind: z.literal('extension'), number: digits }),
  z.strictObject({ kind: z.literal('number'), number: dialString }),
  z.strictObject({ kind: z.literal('queue'), queueId: z.string().trim().min(1).max(64) }),
  z.strictObject({ kind: z.literal('ivr'), number: digits }),
]);
export type TransferTarget = z.infer<typeof transferTarget>;
export const agentTransfer = z.strictObject({ to: transferTarget });

/** Pushed on the agent's stream (`/api/v1/agent/stream`). */
export const agentEvent = z.discriminatedUnion('type', [
  /** The whole session: sent on connect and after every state or call change. */
  z.object({ type: z.literal('session'), session: agentSession }),
  /** Screen pop (来电弹屏): the agent's phone rings for this call. */
  z.object({
    type: z.literal('call.ringing'),
    call: agentCall,
    /** Filled from the configured screen-pop URL template, when there is one. */
    popUrl: z.string().nullable(),
  }),
  z.object({ type: z.literal('call.answered'), call: agentCall }),
  z.object({ type: z.literal('call.ended'), callId: z.string(), cause: z.string() }),
]);
export type AgentEvent = z.infer<typeof agentEvent>;

/** The access numbers an agent may show as caller ID on an outbound call (call type out or both). */
export const agentCallerIds = z.object({ numbers: z.array(z.string()) });
export type AgentCallerIds = z.infer<typeof agentCallerIds>;
