import { stateTimeout } from '../agent/agent-rules.ts';
import type { AgentRuntime } from '../agent/agent-runtime.ts';
import type { AgentState, ResumeState } from '../agent/agent-state.ts';
import { acdErrors } from '../errors.ts';
import type { AcdContext } from './acd-context.ts';
import { afterTalk, finish, refreshNoAgentTimers, requeue } from './call-flow.ts';

/** Who asked: the agent itself (rules such as minimum busy apply) or a supervisor/the system (they do not). */
export type Actor =
  | { readonly kind: 'agent' }
  | { readonly kind: 'supervisor'; readonly id: string }
  | { readonly kind: 'system'; readonly id: string };

const AGENT: Actor = { kind: 'agent' };

/**
 * State commands need a signed-in agent (signing in is `signIn`), and reserved, ringing and talking
 * belong to the call: state commands may not move an agent out of them (the call's progress does —
 * answer, reject, hang-up — or a forced sign-out).
 */
export function assertNotOnCall(a: AgentRuntime): void {
  if (a.state === 'signed-out') throw acdErrors.agentNotSignedIn(a.record.id);
  if (a.state === 'reserved' || a.state === 'ringing' || a.state === 'talking') throw acdErrors.agentOnCall(a.record.id, a.state);
}

function ownerFor(a: AgentRuntime, by: Actor) {
  return by.kind === 'agent' ? { kind: 'agent' as const, id: a.record.id } : by;
}

export function signIn(ctx: AcdContext, agentId: string, opts: { extension?: string; initial?: 'idle' | 'busy' }): void {
  const a = ctx.registry.get(agentId);
  if (!a.record.enabled) throw acdErrors.agentDisabled(agentId);
  if (a.state !== 'signed-out') throw acdErrors.agentAlreadySignedIn(agentId);
  a.signedInAt = ctx.clock.now();
  ctx.registry.setExtension(a, opts.extension);
  ctx.registry.setConnected(a, true);
  const initial = opts.initial ?? 'idle';
  // Without an extension the agent can only monitor; it is signed in but never reachable for calls.
  ctx.registry.move(a, initial, {
    cause: 'sign-in',
    ...(opts.extension === undefined && initial === 'busy' ? { reasonId: 'monitor-only' } : {}),
  });
  refreshNoAgentTimers(ctx, Object.keys(a.record.skills));
}

/**
 * Sign-out. The agent itself may not sign out in the middle of a call; a supervisor or the system
 * (retention expiry) always can: an offered call goes back to its queue, a connected call is left to
 * the switch and dropped from the ACD's view.
 */
export function signOut(ctx: AcdContext, agentId: string, by: Actor = AGENT, cause = 'sign-out'): void {
  const a = ctx.registry.get(agentId);
  if (a.state === 'signed-out') throw acdErrors.agentNotSignedIn(agentId);
  const onCall = a.state === 'reserved' || a.state === 'ringing' || a.state === 'talking';
  if (onCall && by.kind === 'agent') throw acdErrors.illegalTransition(agentId, a.state, 'signed-out');
  const call = a.callId === undefined ? undefined : ctx.calls.get(a.callId);
  if (call && (a.state === 'reserved' || a.state === 'ringing')) {
    call.agentId = undefined;
    ctx.registry.move(a, 'signed-out', { cause, owner: { kind: 'none' } });
    requeue(ctx, call, agentId);
  } else {
    if (call && a.state === 'talking') {
      ctx.emit({
        type: 'call.ended',
        callId: call.id,
        ...(call.queueId === undefined ? {} : { queueId: call.queueId }),
        agentId,
        talkMs: ctx.clock.now() - a.since,
      });
      finish(ctx, call);
    }
    ctx.registry.move(a, 'signed-out', { cause, owner: { kind: 'none' } });
  }
  refreshNoAgentTimers(ctx, Object.keys(a.record.skills));
}

/** Agent-requested ready. §4.6.11 minimum busy time applies to agents, not to supervisors. */
export function setIdle(ctx: AcdContext, agentId: string, by: Actor = AGENT): void {
  const a = ctx.registry.get(agentId);
  assertNotOnCall(a);
  if (a.state === 'busy' && by.kind === 'agent') {
    const remaining = a.since + ctx.registry.rules.minBusyMs - ctx.clock.now();
    if (remaining > 0) throw acdErrors.minBusyNotElapsed(agentId, remaining);
  }
  ctx.registry.move(a, 'idle', { cause: by.kind });
}

export function setBusy(ctx: AcdContext, agentId: string, reasonId = 'default', by: Actor = AGENT): void {
  if (!ctx.busyReasons.has(reasonId)) throw acdErrors.unknownBusyReason(reasonId);
  const a = ctx.registry.get(agentId);
  assertNotOnCall(a);
  ctx.registry.move(a, 'busy', { cause: by.kind, reasonId, owner: ownerFor(a, by) });
}

export function setAway(ctx: AcdContext, agentId: string, by: Actor = AGENT): void {
  const a = ctx.registry.get(agentId);
  assertNotOnCall(a);
  ctx.registry.move(a, 'away', { cause: by.kind, owner: ownerFor(a, by) });
}

export function setOutboundOnly(ctx: AcdContext, agentId: string, by: Actor = AGENT): void {
  const a = ctx.registry.get(agentId);
  assertNotOnCall(a);
  ctx.registry.move(a, 'outbound-only', { cause: by.kind, owner: ownerFor(a, by) });
}

/** Ends wrap-up early (or at all, when auto-idle is off): back to the state the agent had before the call. */
export function endWrapUp(ctx: AcdContext, agentId: string, to?: ResumeState): void {
  const a = ctx.registry.get(agentId);
  if (a.state !== 'wrap-up') throw acdErrors.illegalTransition(agentId, a.state, to ?? a.resume);
  resume(ctx, a, to ?? a.resume, 'agent');
}

function resume(ctx: AcdContext, a: AgentRuntime, to: ResumeState, cause: string): void {
  ctx.registry.move(a, to, { cause });
}

/** §4.6.11 retention: a short disconnect keeps state and counters; past the retention time the agent is signed out. */
export function disconnect(ctx: AcdContext, agentId: string): void {
  const a = ctx.registry.get(agentId);
  if (a.state === 'signed-out' || !a.connected) return;
  ctx.registry.setConnected(a, false);
  const ms = ctx.registry.rules.retentionMs;
  a.retentionTimer = ctx.clock.setTimeout(() => {
    a.retentionTimer = undefined;
    ctx.run(() => {
      if (!a.connected && a.state !== 'signed-out') signOut(ctx, agentId, { kind: 'system', id: 'retention' }, 'disconnect');
    });
  }, ms);
}

export function reconnect(ctx: AcdContext, agentId: string): void {
  const a = ctx.registry.get(agentId);
  if (a.state === 'signed-out') throw acdErrors.agentNotSignedIn(agentId);
  ctx.clock.clearTimeout(a.retentionTimer);
  a.retentionTimer = undefined;
  if (a.connected) return;
  ctx.registry.setConnected(a, true);
  if (a.state === 'idle') ctx.pendingAgents.add(a);
}

/** A state's time-out elapsed (see agent-rules.ts for the table of time-outs). */
export function onStateTimeout(ctx: AcdContext, a: AgentRuntime, state: AgentState): void {
  const call = a.callId === undefined ? undefined : ctx.calls.get(a.callId);
  const rules = ctx.registry.rules;
  switch (state) {
    case 'reserved':
    case 'ringing': {
      if (call && state === 'ringing') {
        a.missed++;
        ctx.emit({ type: 'call.missed', callId: call.id, queueId: call.queueId ?? '', agentId: a.record.id });
      }
      if (call) {
        call.agentId = undefined;
        call.status = 'waiting';
      }
      // The missed-call rule: make the agent not-ready so the next caller does not ring an absent desk.
      if (state === 'ringing' && rules.ringTimeoutAction === 'not-ready') {
        ctx.registry.move(a, 'busy', {
          cause: 'timeout',
          reasonId: 'missed-call',
          owner: { kind: 'system', id: 'ring-timeout' },
        });
      } else {
        ctx.registry.move(a, 'idle', { cause: 'timeout' });
      }
      if (call) requeue(ctx, call, a.record.id);
      return;
    }
    case 'talking':
      if (call) {
        ctx.emit({
          type: 'call.ended',
          callId: call.id,
          ...(call.queueId ? { queueId: call.queueId } : {}),
          agentId: a.record.id,
          talkMs: ctx.clock.now() - a.since,
        });
        finish(ctx, call);
      }
      afterTalk(ctx, a, 'timeout');
      return;
    case 'wrap-up':
      if (rules.autoIdleAfterWrapUp) {
        resume(ctx, a, a.resume, 'timeout');
        return;
      }
      ctx.registry.move(a, 'busy', { cause: 'timeout', reasonId: 'wrap-up-overrun', owner: { kind: 'system', id: 'wrap-up' } });
      return;
    default: {
      const policy = stateTimeout(rules, state);
      if (policy?.to === 'signed-out') signOut(ctx, a.record.id, { kind: 'system', id: 'state-timeout' }, 'timeout');
      else if (policy)
        ctx.registry.move(a, policy.to, { cause: 'timeout', ...(policy.reasonId ? { reasonId: policy.reasonId } : {}) });
    }
  }
}
