import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { acdErrors } from '../errors.ts';

/** Overflow actions of §4.6.4.1: voicemail, IVR, another queue, hang up. */
export type OverflowAction =
  | { readonly kind: 'voicemail'; readonly mailbox?: string }
  | { readonly kind: 'ivr'; readonly ivrId: string }
  | { readonly kind: 'queue'; readonly queueId: string }
  | { readonly kind: 'hangup' };

export type OverflowReason = 'max-wait' | 'max-length' | 'no-agent';

/** 唯一算法 — exactly one per queue. */
export const DISTRIBUTION_STRATEGIES = [
  'longest-idle',
  'fewest-answered',
  'random',
  'login-order',
  'round-robin',
  'least-talk-time',
] as const;
export type DistributionStrategy = (typeof DISTRIBUTION_STRATEGIES)[number];

/** 非唯一算法 — ordered, optional; earlier rules narrow first. */
export const PREFERENCE_RULES = ['dedicated-agent', 'caller-area', 'last-agent', 'highest-skill'] as const;
export type PreferenceRule = (typeof PREFERENCE_RULES)[number];

export type VipMethod = 'cti' | 'crm';

/** The full §4.6.4.1 queue table. Durations in ms; 0 means "no limit" for the max-* fields. */
export interface QueueConfig {
  readonly id: string;
  readonly name: string;
  readonly number: string;
  readonly announcePosition: boolean;
  readonly positionIntervalMs: number;
  readonly announceAgentNumber: boolean;
  /** 保留的最少空闲座席数: idle agents the dialer must leave for inbound calls. */
  readonly reservedIdleAgents: number;
  readonly maxWaitMs: number;
  readonly onMaxWait: OverflowAction;
  readonly maxLength: number;
  readonly onMaxLength: OverflowAction;
  readonly noAgentMaxWaitMs: number;
  readonly onNoAgent: OverflowAction;
  readonly vipEnabled: boolean;
  readonly vipMethod: VipMethod;
  /** The CRM's HTTP address for VIP lookups (method `crm`). */
  readonly vipLookupUrl?: string;
  readonly httpTimeoutMs: number;
  /** 座席振铃时长. */
  readonly ringTimeMs: number;
  readonly musicOnHold?: string;
  readonly strategy: DistributionStrategy;
  readonly preferenceRules: readonly PreferenceRule[];
  /** Higher first when an agent who serves several queues becomes free (see README, "several queues"). */
  readonly priority: number;
}

export const QUEUE_DEFAULTS: Omit<QueueConfig, 'id' | 'name' | 'number'> = {
  announcePosition: false,
  positionIntervalMs: 30_000,
  announceAgentNumber: false,
  reservedIdleAgents: 0,
  maxWaitMs: 0,
  onMaxWait: { kind: 'hangup' },
  maxLength: 0,
  onMaxLength: { kind: 'hangup' },
  noAgentMaxWaitMs: 0,
  onNoAgent: { kind: 'hangup' },
  vipEnabled: false,
  vipMethod: 'cti',
  httpTimeoutMs: 2_000,
  ringTimeMs: 20_000,
  strategy: 'longest-idle',
  preferenceRules: [],
  priority: 0,
};

export function defineQueue(input: Partial<QueueConfig> & Pick<QueueConfig, 'id'>): QueueConfig {
  return { name: input.id, number: '', ...QUEUE_DEFAULTS, ...input };
}

const nonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;

export function validateQueueConfig(q: QueueConfig): Result<QueueConfig, AppError> {
  const bad = (m: string) => err(acdErrors.invalidConfig(`queue ${q.id}: ${m}`, { queueId: q.id }));
  if (!q.id) return bad('id is empty');
  if (!(DISTRIBUTION_STRATEGIES as readonly string[]).includes(q.strategy)) return bad(`unknown strategy ${q.strategy}`);
  for (const r of q.preferenceRules) {
    if (!(PREFERENCE_RULES as readonly string[]).includes(r)) return bad(`unknown preference rule ${r}`);
  }
  if (new Set(q.preferenceRules).size !== q.preferenceRules.length) return bad('a preference rule is listed twice');
  for (const k of [
    'positionIntervalMs',
    'maxWaitMs',
    'noAgentMaxWaitMs',
    'httpTimeoutMs',
    'reservedIdleAgents',
    'maxLength',
  ] as const) {
    if (!nonNegative(q[k])) return bad(`${k} must be ≥ 0`);
  }
  if (!(q.ringTimeMs > 0)) return bad('ringTimeMs must be > 0');
  if (q.vipEnabled && q.vipMethod === 'crm' && !q.vipLookupUrl) return bad('VIP method crm needs vipLookupUrl');
  for (const a of [q.onMaxWait, q.onMaxLength, q.onNoAgent]) {
    if (a.kind === 'queue' && a.queueId === q.id) return bad('an overflow action points at the queue itself');
  }
  return ok(q);
}
