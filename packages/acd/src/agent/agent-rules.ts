import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { acdErrors } from '../errors.ts';
import type { AgentState } from './agent-state.ts';

/**
 * The §4.6.11 basic configuration that governs agent states, plus the time-out of every non-idle
 * state (so no agent is ever stuck). Durations in milliseconds; 0 disables where noted.
 */
export interface AgentRules {
  /** Wrap-up (后处理) length; when `autoIdleAfterWrapUp` the agent goes back to ready after it. */
  readonly wrapUpMs: number;
  readonly autoIdleAfterWrapUp: boolean;
  /** Hard cap on wrap-up when not auto-idle: the agent is then made busy (`wrap-up-overrun`). */
  readonly maxWrapUpMs: number;
  /** 座席最小置忙时长: an agent may not leave busy for idle before this. */
  readonly minBusyMs: number;
  /** 座席状态保留时长: how long state and counters survive a disconnect. */
  readonly retentionMs: number;
  /** 拒接后再次接受来电间隔: after rejecting, no calls are offered for this long. Default 0. */
  readonly rejectIntervalMs: number;
  /** After a ring time-out: record a missed call and make the agent busy (`not-ready`) or leave it idle. */
  readonly ringTimeoutAction: 'not-ready' | 'idle';
  /** 座席空闲时长提醒: emit a reminder once an agent has been idle this long; 0 = off. */
  readonly idleReminderMs: number;
  /** Time-outs of the other states (the owner must act before them). */
  readonly reserveTimeoutMs: number;
  readonly maxTalkMs: number;
  readonly maxBusyMs: number;
  readonly maxAwayMs: number;
  readonly maxOutboundOnlyMs: number;
}

export const DEFAULT_AGENT_RULES: AgentRules = {
  wrapUpMs: 15_000,
  autoIdleAfterWrapUp: true,
  maxWrapUpMs: 30 * 60_000,
  minBusyMs: 0,
  retentionMs: 60_000,
  rejectIntervalMs: 0,
  ringTimeoutAction: 'not-ready',
  idleReminderMs: 0,
  reserveTimeoutMs: 10_000,
  maxTalkMs: 4 * 3_600_000,
  maxBusyMs: 8 * 3_600_000,
  maxAwayMs: 8 * 3_600_000,
  maxOutboundOnlyMs: 12 * 3_600_000,
};

/**
 * What happens when a state's time-out elapses. `ringing` uses the queue's ring time, so it is not here;
 * `idle` has no time-out (only the reminder) and `signed-out` is the rest state.
 */
export type StateTimeoutPolicy = { readonly ms: number; readonly to: AgentState; readonly reasonId?: string };

export function stateTimeout(rules: AgentRules, state: AgentState): StateTimeoutPolicy | undefined {
  switch (state) {
    case 'reserved':
      return { ms: rules.reserveTimeoutMs, to: 'idle' };
    case 'talking':
      return { ms: rules.maxTalkMs, to: 'wrap-up' };
    case 'wrap-up':
      return rules.autoIdleAfterWrapUp
        ? { ms: rules.wrapUpMs, to: 'idle' }
        : { ms: rules.maxWrapUpMs, to: 'busy', reasonId: 'wrap-up-overrun' };
    case 'busy':
      return { ms: rules.maxBusyMs, to: 'signed-out' };
    case 'away':
      return { ms: rules.maxAwayMs, to: 'signed-out' };
    case 'outbound-only':
      return { ms: rules.maxOutboundOnlyMs, to: 'signed-out' };
    default:
      return undefined;
  }
}

/** Every non-idle state needs a positive time-out; only the wrap-up length itself may be 0. */
export function validateAgentRules(r: AgentRules): Result<AgentRules, AppError> {
  const positive = [
    'maxWrapUpMs',
    'reserveTimeoutMs',
    'maxTalkMs',
    'maxBusyMs',
    'maxAwayMs',
    'maxOutboundOnlyMs',
    'retentionMs',
  ] as const;
  for (const k of positive) {
    if (!(Number.isFinite(r[k]) && r[k] > 0)) return err(acdErrors.invalidConfig(`agent rule ${k} must be > 0`));
  }
  for (const k of ['wrapUpMs', 'minBusyMs', 'rejectIntervalMs', 'idleReminderMs'] as const) {
    if (!(Number.isFinite(r[k]) && r[k] >= 0)) return err(acdErrors.invalidConfig(`agent rule ${k} must be ≥ 0`));
  }
  return ok(r);
}
