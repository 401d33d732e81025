import { type AppError, agentPasswordProblem, err, ok, type Result } from '@rexian/kernel';
import { acdErrors } from '../errors.ts';

/**
 * Stored shapes (plain data, string ids) so the database layer can persist them as they are.
 * Queue membership lives on the agent as `skills[queueId] = level` (0–9, 9 highest, §4.6.4.1).
 */
export type AgentType = 'agent' | 'supervisor';

export interface AgentRecord {
  readonly id: string;
  /** 座席工号, what callers may hear announced on connect. */
  readonly number: string;
  readonly name: string;
  readonly type: AgentType;
  readonly roleId?: string;
  readonly groupId?: string;
  readonly enabled: boolean;
  /** 座席归属地: several regions, matched against the caller's area by the caller-area rule. */
  readonly regions: readonly string[];
  /** Queue id → skill level 0–9. Being listed makes the agent a member of the queue. */
  readonly skills: Readonly<Record<string, number>>;
  /** Supervisor scope (the `managed` data scope): agent groups and queues this supervisor manages. */
  readonly managedGroupIds: readonly string[];
  readonly managedQueueIds: readonly string[];
}

export interface AgentGroup {
  readonly id: string;
  readonly name: string;
}

/** Admin-defined busy reasons ("custom busy states"); `missed-call` is built in for ring time-outs. */
export interface BusyReason {
  readonly id: string;
  readonly name: string;
}

export const BUILTIN_BUSY_REASONS: readonly BusyReason[] = [
  { id: 'default', name: '忙碌' },
  { id: 'missed-call', name: '未接来电' },
  { id: 'wrap-up-overrun', name: '后处理超时' },
  { id: 'monitor-only', name: '仅监控' },
];

export const MIN_SKILL = 0;
export const MAX_SKILL = 9;

export function validateAgentRecord(a: AgentRecord): Result<AgentRecord, AppError> {
  if (!a.id) return err(acdErrors.invalidConfig('agent id is empty'));
  if (!/^\d{1,16}$/.test(a.number)) return err(acdErrors.invalidConfig('agent number must be 1–16 digits', { id: a.id }));
  for (const [queueId, level] of Object.entries(a.skills)) {
    if (!Number.isInteger(level) || level < MIN_SKILL || level > MAX_SKILL) {
      return err(acdErrors.invalidConfig(`skill level for ${queueId} must be an integer 0–9`, { id: a.id, queueId }));
    }
  }
  if (a.type === 'agent' && (a.managedGroupIds.length > 0 || a.managedQueueIds.length > 0)) {
    return err(acdErrors.invalidConfig('only supervisors have a managed scope', { id: a.id }));
  }
  return ok(a);
}

/**
 * The manual's password rule (§4.3.2 note 2), shared with the server and console through the kernel:
 * letters and digits mixed, at least 6 characters, no run of 4 or more consecutive digits.
 */
export function checkAgentPassword(password: string): Result<string, AppError> {
  const problem = agentPasswordProblem(password);
  if (problem === null) return ok(password);
  const why = {
    too_short: 'password must have at least 6 characters',
    not_mixed: 'password must mix letters and digits',
    consecutive_digits: 'password must not contain 4 consecutive digits',
    invalid_characters: 'password may contain only letters and digits',
  }[problem];
  return err(acdErrors.invalidPassword(why));
}

export interface BatchAgentInput {
  /** First agent number, digits; numbers keep its width (0100 → 0100, 0101, …). */
  readonly startNumber: string;
  readonly count: number;
  readonly namePrefix?: string;
  readonly template: Omit<AgentRecord, 'id' | 'number' | 'name'>;
  readonly newId: () => string;
}

/** §4.6.3.2 batch creation: `count` agents numbered consecutively from `startNumber`. */
export function batchAgents(input: BatchAgentInput): Result<AgentRecord[], AppError> {
  if (!/^\d{1,16}$/.test(input.startNumber)) return err(acdErrors.invalidConfig('start number must be digits'));
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 10_000) {
    return err(acdErrors.invalidConfig('count must be an integer 1–10000'));
  }
  const width = input.startNumber.length;
  const start = BigInt(input.startNumber);
  const out: AgentRecord[] = [];
  for (let i = 0; i < input.count; i++) {
    const number = (start + BigInt(i)).toString().padStart(width, '0');
    if (number.length > 16) return err(acdErrors.invalidConfig('agent numbers overflow 16 digits'));
    out.push({ ...input.template, id: input.newId(), number, name: `${input.namePrefix ?? ''}${number}` });
  }
  return ok(out);
}

/**
 * The `managed` data scope: a supervisor manages the agents of its managed groups and the queues it
 * lists; an agent manages only itself.
 */
export function isInManagedScope(
  viewer: AgentRecord,
  target: { readonly agent: AgentRecord } | { readonly queueId: string },
): boolean {
  if ('queueId' in target) return viewer.type === 'supervisor' && viewer.managedQueueIds.includes(target.queueId);
  if (target.agent.id === viewer.id) return true;
  return (
    viewer.type === 'supervisor' && target.agent.groupId !== undefined && viewer.managedGroupIds.includes(target.agent.groupId)
  );
}
