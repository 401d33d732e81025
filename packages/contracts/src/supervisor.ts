import { z } from 'zod';
import { agentStates } from './workspace.ts';

/**
 * The supervisor's console (§3 班长席, §4.7 座席监控 / 队列监控): wallboards of the agents and queues in the
 * supervisor's managed scope, forced agent states and moving a waiting call. Listen / whisper / barge /
 * take over are the monitor routes (`/supervisor/agents/:agentId/monitor`, `/takeover`).
 */

const isoTime = z.string();

/** Whose boards these are: an admin sees everything, a supervisor its managed groups and queues, anyone else nothing. */
export const supervisorScopeKinds = ['all', 'managed', 'none'] as const;
export type SupervisorScopeKind = (typeof supervisorScopeKinds)[number];

/** The call an agent is on, as the wallboard shows it (customer number masked without pbx.cdr.unmasked). */
export const supervisedAgentCall = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  customer: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  state: z.enum(['ringing', 'talking', 'held']),
  since: isoTime,
});
export type SupervisedAgentCall = z.infer<typeof supervisedAgentCall>;

export const supervisedAgent = z.object({
  agentId: z.string(),
  number: z.string(),
  name: z.string(),
  type: z.enum(['agent', 'supervisor']),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  state: z.enum(agentStates),
  /** Busy reason id while busy. */
  reasonId: z.string().nullable(),
  /** When the current state began (the wallboard's ticking duration). */
  since: isoTime,
  /** The extension of the session (null: signed out, or signed in to monitor only). */
  extension: z.string().nullable(),
  /** False while the agent's workspace connection is lost (within the retention time). */
  connected: z.boolean(),
  call: supervisedAgentCall.nullable(),
  /** Calls answered and talk time since the ACD started (the running day). */
  answered: z.number().int(),
  talkMs: z.number().int(),
});
export type SupervisedAgent = z.infer<typeof supervisedAgent>;

export const supervisedWaitingCall = z.object({
  callId: z.string(),
  caller: z.string(),
  vip: z.boolean(),
  /** `offered`: an agent's phone is ringing for it. */
  status: z.enum(['waiting', 'offered']),
  /** Entry into this queue. */
  enteredAt: isoTime,
});
export type SupervisedWaitingCall = z.infer<typeof supervisedWaitingCall>;

export const supervisedQueue = z.object({
  queueId: z.string(),
  name: z.string(),
  number: z.string(),
  waiting: z.number().int(),
  /** The longest wait now, in ms (0 when nobody waits). */
  longestWaitMs: z.number().int(),
  idleAgents: z.number().int(),
  signedInAgents: z.number().int(),
  calls: z.array(supervisedWaitingCall),
});
export type SupervisedQueue = z.infer<typeof supervisedQueue>;

export const supervisorAgentsBoard = z.object({
  scope: z.enum(supervisorScopeKinds),
  now: isoTime,
  items: z.array(supervisedAgent),
});
export type SupervisorAgentsBoard = z.infer<typeof supervisorAgentsBoard>;

export const supervisorQueuesBoard = z.object({
  scope: z.enum(supervisorScopeKinds),
  now: isoTime,
  items: z.array(supervisedQueue),
});
export type SupervisorQueuesBoard = z.infer<typeof supervisorQueuesBoard>;

/** The stream (`/api/v1/supervisor/stream`) sends both boards whole, after each burst of changes. */
export const supervisorStreamMessage = z.object({
  type: z.literal('boards'),
  seq: z.number().int(),
  scope: z.enum(supervisorScopeKinds),
  now: isoTime,
  agents: z.array(supervisedAgent),
  queues: z.array(supervisedQueue),
});
export type SupervisorStreamMessage = z.infer<typeof supervisorStreamMessage>;

export const supervisorAgentParams = z.object({ agentId: z.string().min(1).max(64) });
export const supervisorCallParams = z.object({ callId: z.string().min(1).max(200) });

/** Forced states (强制置忙 / 强制示闲 / 强制签出). */
export const supervisorForceState = z.strictObject({
  state: z.enum(['busy', 'idle', 'signed-out']),
  reasonId: z.string().trim().min(1).max(64).optional(),
});
export type SupervisorForceState = z.infer<typeof supervisorForceState>;

export const supervisorMoveCall = z.strictObject({ queueId: z.string().trim().min(1).max(64) });
export type SupervisorMoveCall = z.infer<typeof supervisorMoveCall>;

/** Listen (监听), whisper (密语), barge (强插) — the monitor routes' body; take over (强拆) has its own route. */
export const supervisorMonitorModes = ['listen', 'whisper', 'barge'] as const;
export type SupervisorMonitorMode = (typeof supervisorMonitorModes)[number];
