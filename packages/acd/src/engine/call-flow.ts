import type { AgentRuntime } from '../agent/agent-runtime.ts';
import { acdErrors } from '../errors.ts';
import type { OverflowReason } from '../queue/queue.types.ts';
import { type AcdContext, type QueueRuntime, rememberLastAgent } from './acd-context.ts';
import type { CallRuntime } from './call-runtime.ts';

/** What CTI knows about an inbound call when it hands it to a queue. */
export interface IncomingCall {
  readonly id: string;
  readonly caller: string;
  readonly queueId: string;
  readonly callerArea?: string;
  readonly dedicatedAgentId?: string;
  readonly lastAgentId?: string;
  /** Pre-resolved VIP status (CRM lookups); when absent the queue's CTI list decides. */
  readonly vip?: boolean;
}

export function newCall(ctx: AcdContext, input: IncomingCall, vip: boolean): CallRuntime {
  return {
    id: input.id,
    caller: input.caller,
    callerArea: input.callerArea,
    dedicatedAgentId: input.dedicatedAgentId,
    lastAgentId: input.lastAgentId ?? ctx.lastAgent.get(input.caller),
    vip,
    queueId: undefined,
    enteredAt: ctx.clock.now(),
    status: 'waiting',
    agentId: undefined,
    tried: undefined,
    hops: 0,
    connectedAt: undefined,
    maxWaitTimer: undefined,
    noAgentTimer: undefined,
    positionTimer: undefined,
  };
}

/** Puts a call into a queue, or overflows it at once when the queue is full (max length). */
export function enterQueue(ctx: AcdContext, call: CallRuntime, q: QueueRuntime, overflowFrom?: string, movedFrom?: string): void {
  const cfg = q.config;
  const now = ctx.clock.now();
  call.queueId = cfg.id;
  call.enteredAt = now;
  call.status = 'waiting';
  call.agentId = undefined;
  call.tried = undefined;
  if (cfg.maxLength > 0 && q.waiting.length >= cfg.maxLength) {
    overflow(ctx, call, q, 'max-length');
    return;
  }
  q.waiting.insert(call);
  ctx.emit({
    type: 'call.queued',
    callId: call.id,
    queueId: cfg.id,
    vip: call.vip,
    position: q.waiting.position(call),
    ...(overflowFrom === undefined ? {} : { overflowFrom }),
    ...(movedFrom === undefined ? {} : { movedFrom }),
  });
  if (cfg.maxWaitMs > 0) call.maxWaitTimer = later(ctx, cfg.maxWaitMs, () => overflow(ctx, call, q, 'max-wait'));
  armNoAgentTimer(ctx, call, q);
  if (cfg.announcePosition && cfg.positionIntervalMs > 0) schedulePosition(ctx, call, q);
  ctx.pendingCalls.add(call);
}

/** §4.6.4.1 no-agent max wait: runs only while no member is signed in with an extension. */
export function armNoAgentTimer(ctx: AcdContext, call: CallRuntime, q: QueueRuntime): void {
  const ms = q.config.noAgentMaxWaitMs;
  if (ms <= 0 || call.noAgentTimer || ctx.registry.signedInMembers(q.config.id) > 0) return;
  call.noAgentTimer = later(ctx, ms, () => {
    call.noAgentTimer = undefined;
    if (call.status === 'waiting' && ctx.registry.signedInMembers(q.config.id) === 0) overflow(ctx, call, q, 'no-agent');
  });
}

/** Re-checks the no-agent timers of these queues after agents signed in or out. */
export function refreshNoAgentTimers(ctx: AcdContext, queueIds: Iterable<string>): void {
  for (const id of queueIds) {
    const q = ctx.queues.get(id);
    if (!q) continue;
    const none = ctx.registry.signedInMembers(id) === 0;
    for (const call of q.waiting) {
      if (none) armNoAgentTimer(ctx, call, q);
      else {
        ctx.clock.clearTimeout(call.noAgentTimer);
        call.noAgentTimer = undefined;
      }
    }
  }
}

function schedulePosition(ctx: AcdContext, call: CallRuntime, q: QueueRuntime): void {
  call.positionTimer = later(ctx, q.config.positionIntervalMs, () => {
    if (call.status === 'done' || call.status === 'connected') return;
    if (call.status === 'waiting') {
      ctx.emit({ type: 'call.position', callId: call.id, queueId: q.config.id, position: q.waiting.position(call) });
    }
    schedulePosition(ctx, call, q);
  });
}

function clearQueueTimers(ctx: AcdContext, call: CallRuntime): void {
  ctx.clock.clearTimeout(call.maxWaitTimer);
  ctx.clock.clearTimeout(call.noAgentTimer);
  ctx.clock.clearTimeout(call.positionTimer);
  call.maxWaitTimer = call.noAgentTimer = call.positionTimer = undefined;
}

/** Takes an offered call back from its agent (the agent goes idle) and returns it to its queue. */
export function withdrawOffer(ctx: AcdContext, call: CallRuntime, cause: string): AgentRuntime | undefined {
  if (call.status !== 'offered' || call.agentId === undefined) return undefined;
  const a = ctx.registry.agents.get(call.agentId);
  call.agentId = undefined;
  call.status = 'waiting';
  if (a && a.callId === call.id && (a.state === 'reserved' || a.state === 'ringing')) ctx.registry.move(a, 'idle', { cause });
  return a;
}

/** Returns a call whose offer failed to the queue, keeping its place; `agentId` is tried last next time. */
export function requeue(ctx: AcdContext, call: CallRuntime, agentId: string | undefined): void {
  const q = call.queueId === undefined ? undefined : ctx.queues.get(call.queueId);
  if (!q) {
    finish(ctx, call);
    return;
  }
  call.status = 'waiting';
  call.agentId = undefined;
  if (agentId !== undefined) {
    call.tried ??= new Set();
    call.tried.add(agentId);
  }
  q.waiting.insert(call);
  ctx.pendingCalls.add(call);
}

/**
 * A supervisor moves a waiting call to another queue: it leaves its queue and enters the target as a new
 * wait there (timers and position of the target queue), keeping its VIP status. Not an overflow: the hop
 * count is unchanged and no overflow is emitted.
 */
export function moveCall(ctx: AcdContext, call: CallRuntime, target: QueueRuntime): void {
  const from = call.queueId;
  if (from !== undefined) ctx.queues.get(from)?.waiting.remove(call);
  clearQueueTimers(ctx, call);
  ctx.pendingCalls.delete(call);
  enterQueue(ctx, call, target, undefined, from);
}

export function overflow(ctx: AcdContext, call: CallRuntime, q: QueueRuntime, reason: OverflowReason): void {
  withdrawOffer(ctx, call, 'overflow');
  q.waiting.remove(call);
  clearQueueTimers(ctx, call);
  ctx.pendingCalls.delete(call);
  let action = reason === 'max-wait' ? q.config.onMaxWait : reason === 'max-length' ? q.config.onMaxLength : q.config.onNoAgent;
  const target = action.kind === 'queue' ? ctx.queues.get(action.queueId) : undefined;
  if (action.kind === 'queue' && (!target || call.hops >= ctx.maxOverflowHops)) {
    ctx.logger.warn(
      { callId: call.id, queueId: q.config.id, action },
      'overflow target missing or hop limit reached; hanging up',
    );
    action = { kind: 'hangup' };
  }
  ctx.emit({
    type: 'call.overflowed',
    callId: call.id,
    queueId: q.config.id,
    reason,
    action,
    waitMs: ctx.clock.now() - call.enteredAt,
  });
  if (target && action.kind === 'queue') {
    call.hops++;
    enterQueue(ctx, call, target, q.config.id);
    return;
  }
  finish(ctx, call);
}

export function finish(ctx: AcdContext, call: CallRuntime): void {
  clearQueueTimers(ctx, call);
  call.status = 'done';
  ctx.pendingCalls.delete(call);
  ctx.calls.delete(call.id);
}

/** Checks that `callId` is currently offered to `agentId`; returns both. */
export function offeredPair(ctx: AcdContext, agentId: string, callId: string): { a: AgentRuntime; call: CallRuntime } {
  const a = ctx.registry.get(agentId);
  const call = ctx.calls.get(callId);
  if (!call) throw acdErrors.callNotFound(callId);
  if (call.status !== 'offered' || call.agentId !== agentId || a.callId !== callId)
    throw acdErrors.callNotOffered(callId, agentId);
  return { a, call };
}

export function answered(ctx: AcdContext, agentId: string, callId: string): void {
  const { a, call } = offeredPair(ctx, agentId, callId);
  if (a.state === 'reserved') ctx.registry.move(a, 'ringing', { cause: 'call', callId });
  ctx.registry.move(a, 'talking', { cause: 'call', callId });
  clearQueueTimers(ctx, call);
  const now = ctx.clock.now();
  call.status = 'connected';
  call.connectedAt = now;
  a.answered++;
  rememberLastAgent(ctx, call.caller, agentId);
  const q = call.queueId === undefined ? undefined : ctx.queues.get(call.queueId);
  ctx.emit({
    type: 'call.answered',
    callId,
    queueId: call.queueId ?? '',
    agentId,
    waitMs: now - call.enteredAt,
    ...(q?.config.announceAgentNumber ? { announceAgentNumber: a.record.number } : {}),
  });
}

/** The caller (or the switch) ended the call, wherever it was. Unknown calls are ignored (returns false). */
export function hungUp(ctx: AcdContext, callId: string): boolean {
  const call = ctx.calls.get(callId);
  if (!call) return false;
  const now = ctx.clock.now();
  if (call.status === 'waiting' || call.status === 'offered') {
    withdrawOffer(ctx, call, 'caller-hung-up');
    const q = call.queueId === undefined ? undefined : ctx.queues.get(call.queueId);
    q?.waiting.remove(call);
    ctx.emit({ type: 'call.abandoned', callId, queueId: call.queueId ?? '', waitMs: now - call.enteredAt });
  } else if (call.status === 'connected' || call.status === 'outbound') {
    const a = call.agentId === undefined ? undefined : ctx.registry.agents.get(call.agentId);
    if (a && a.callId === callId && a.state === 'talking') afterTalk(ctx, a, 'call-ended');
    ctx.emit({
      type: 'call.ended',
      callId,
      ...(call.queueId === undefined ? {} : { queueId: call.queueId }),
      ...(call.agentId === undefined ? {} : { agentId: call.agentId }),
      talkMs: now - (call.connectedAt ?? now),
    });
  }
  finish(ctx, call);
  return true;
}

/** After a call: wrap-up, or straight back to the resume state when wrap-up is zero and automatic. */
export function afterTalk(ctx: AcdContext, a: AgentRuntime, cause: string): void {
  const rules = ctx.registry.rules;
  if (rules.wrapUpMs === 0 && rules.autoIdleAfterWrapUp && a.resume === 'idle') {
    ctx.registry.move(a, 'idle', { cause });
    return;
  }
  ctx.registry.move(a, 'wrap-up', { cause });
}

function later(ctx: AcdContext, ms: number, fn: () => void) {
  return ctx.clock.setTimeout(() => ctx.run(fn), ms);
}
