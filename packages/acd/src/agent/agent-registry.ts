import { type Clock, canTransition } from '@rexian/kernel';
import { acdErrors } from '../errors.ts';
import type { AcdEventInput } from '../events.ts';
import type { RoutingAgent } from '../routing/routing.types.ts';
import type { AgentRecord } from './agent.types.ts';
import { type AgentRules, stateTimeout } from './agent-rules.ts';
import { type AgentRuntime, newRuntime } from './agent-runtime.ts';
import { type AgentState, agentTransitionTable, type StateOwner } from './agent-state.ts';

export interface MoveOptions {
  /** Why: `agent`, `supervisor`, `call`, `timeout`, `disconnect`, `repair`, `sign-in`, … */
  readonly cause: string;
  readonly reasonId?: string;
  readonly callId?: string;
  readonly owner?: StateOwner;
  /** Overrides the rules' time-out for this entry (ringing uses the queue's ring time). */
  readonly timeoutMs?: number;
}

export interface RegistryHooks {
  /** A state's time-out elapsed; the engine decides (it owns the calls). */
  onTimeout(agent: AgentRuntime, state: AgentState): void;
  /** The agent may now be offered a call (became idle or its reject interval ended). */
  onAvailable(agent: AgentRuntime): void;
  emit(event: AcdEventInput): void;
}

/**
 * Agents, their one `move()` through the transition table (reject illegal, stamp, time, emit) and the
 * per-queue indexes routing reads: idle reachable members, and signed-in members (for no-agent waits).
 */
export class AgentRegistry {
  readonly agents = new Map<string, AgentRuntime>();
  private readonly idleByQueue = new Map<string, Map<AgentRuntime, IdleView>>();
  private readonly signedInByQueue = new Map<string, number>();
  private readonly clock: Clock;
  private readonly hooks: RegistryHooks;
  rules: AgentRules;

  constructor(opts: { clock: Clock; rules: AgentRules; hooks: RegistryHooks }) {
    this.clock = opts.clock;
    this.rules = opts.rules;
    this.hooks = opts.hooks;
  }

  get(agentId: string): AgentRuntime {
    const a = this.agents.get(agentId);
    if (!a) throw acdErrors.agentNotFound(agentId);
    return a;
  }

  upsert(record: AgentRecord): void {
    const existing = this.agents.get(record.id);
    if (!existing) {
      this.agents.set(record.id, newRuntime(record, this.clock.now()));
      return;
    }
    this.unindex(existing);
    existing.record = record;
    this.reindex(existing);
  }

  remove(agentId: string): void {
    const a = this.get(agentId);
    this.unindex(a);
    this.clearTimers(a);
    this.clock.clearTimeout(a.retentionTimer);
    this.agents.delete(agentId);
  }

  /** Idle, connected members of the queue with an extension, as routing sees them. */
  idleMembers(queueId: string): Iterable<IdleView> {
    return this.idleByQueue.get(queueId)?.values() ?? EMPTY;
  }

  signedInMembers(queueId: string): number {
    return this.signedInByQueue.get(queueId) ?? 0;
  }

  /** The one way an agent changes state. Throws ACD_ILLEGAL_TRANSITION for moves not in the table. */
  move(a: AgentRuntime, to: AgentState, opts: MoveOptions): void {
    const from = a.state;
    if (!canTransition(agentTransitionTable, from, to)) throw acdErrors.illegalTransition(a.record.id, from, to);
    const now = this.clock.now();
    const durationMs = now - a.since;
    if (from === 'talking') a.talkMs += durationMs;
    this.clearTimers(a);
    a.state = to;
    a.since = now;
    a.reasonId = to === 'busy' ? (opts.reasonId ?? 'default') : undefined;
    a.callId =
      to === 'reserved' || to === 'ringing' || to === 'talking' || to === 'wrap-up' ? (opts.callId ?? a.callId) : undefined;
    a.owner = opts.owner ?? defaultOwner(a, to);
    if (to === 'idle') a.idleSince = now;
    if (to === 'signed-out') this.endSession(a);
    this.armTimers(a, to, opts.timeoutMs);
    this.reindex(a);
    this.hooks.emit({
      type: 'agent.state',
      agentId: a.record.id,
      from,
      to,
      ...(a.reasonId === undefined ? {} : { reasonId: a.reasonId }),
      owner: a.owner,
      ...(a.callId === undefined ? {} : { callId: a.callId }),
      cause: opts.cause,
      durationMs,
    });
    if (to === 'idle') this.hooks.onAvailable(a);
  }

  /** Connection changes (retention across short disconnects) and extension changes re-index the agent. */
  setConnected(a: AgentRuntime, connected: boolean): void {
    a.connected = connected;
    a.disconnectedAt = connected ? undefined : this.clock.now();
    this.reindex(a);
    this.hooks.emit({ type: 'agent.connection', agentId: a.record.id, connected });
  }

  setExtension(a: AgentRuntime, extension: string | undefined): void {
    a.extension = extension;
    this.reindex(a);
  }

  /** Keeps the agent out of routing until `at`, then reports it available again. */
  holdOffUntil(a: AgentRuntime, at: number): void {
    this.clock.clearTimeout(a.offerableTimer);
    a.offerableAt = at;
    const ms = at - this.clock.now();
    if (ms <= 0) return;
    a.offerableTimer = this.clock.setTimeout(() => {
      a.offerableTimer = undefined;
      if (a.state === 'idle') this.hooks.onAvailable(a);
    }, ms);
  }

  /** Idle, connected, with an extension, past any reject interval. */
  isReachableIdle(a: AgentRuntime, now: number): boolean {
    return a.inIdleIndex && a.offerableAt <= now;
  }

  private armTimers(a: AgentRuntime, to: AgentState, timeoutMs: number | undefined): void {
    const policyMs = timeoutMs ?? stateTimeout(this.rules, to)?.ms;
    a.deadline = undefined;
    if (policyMs !== undefined) {
      a.deadline = a.since + policyMs;
      a.timer = this.clock.setTimeout(() => {
        a.timer = undefined;
        if (a.state === to) this.hooks.onTimeout(a, to);
      }, policyMs);
    }
    if (to === 'idle' && this.rules.idleReminderMs > 0) {
      const ms = this.rules.idleReminderMs;
      a.reminderTimer = this.clock.setTimeout(() => {
        a.reminderTimer = undefined;
        if (a.state === 'idle') this.hooks.emit({ type: 'agent.idle-too-long', agentId: a.record.id, idleMs: ms });
      }, ms);
    }
  }

  private clearTimers(a: AgentRuntime): void {
    this.clock.clearTimeout(a.timer);
    this.clock.clearTimeout(a.reminderTimer);
    a.timer = undefined;
    a.reminderTimer = undefined;
  }

  private endSession(a: AgentRuntime): void {
    this.clock.clearTimeout(a.retentionTimer);
    this.clock.clearTimeout(a.offerableTimer);
    a.retentionTimer = undefined;
    a.offerableTimer = undefined;
    a.extension = undefined;
    a.connected = false;
    a.disconnectedAt = undefined;
    a.answered = 0;
    a.talkMs = 0;
    a.missed = 0;
    a.offerableAt = 0;
    a.resume = 'idle';
  }

  private reindex(a: AgentRuntime): void {
    const idle = a.state === 'idle' && a.connected && a.extension !== undefined;
    const signedIn = a.state !== 'signed-out' && a.extension !== undefined;
    if (idle !== a.inIdleIndex) {
      for (const q of Object.keys(a.record.skills)) {
        let views = this.idleByQueue.get(q);
        if (!views) {
          views = new Map();
          this.idleByQueue.set(q, views);
        }
        if (idle) views.set(a, idleView(a, q));
        else views.delete(a);
      }
      a.inIdleIndex = idle;
    }
    if (signedIn !== a.inSignedInIndex) {
      for (const q of Object.keys(a.record.skills)) {
        this.signedInByQueue.set(q, (this.signedInByQueue.get(q) ?? 0) + (signedIn ? 1 : -1));
      }
      a.inSignedInIndex = signedIn;
    }
  }

  private unindex(a: AgentRuntime): void {
    const { state, connected, extension } = a;
    a.state = 'signed-out';
    a.extension = undefined;
    this.reindex(a);
    a.state = state;
    a.connected = connected;
    a.extension = extension;
  }
}

const EMPTY: readonly IdleView[] = [];

/**
 * What routing reads about an idle agent, built once when the agent becomes idle (none of it changes
 * while the agent stays idle: counters move on calls, the reject hold-off is set before going idle).
 * Routing then reads one small object per candidate instead of chasing runtime, record and skills.
 */
export type IdleView = RoutingAgent & { readonly runtime: AgentRuntime; readonly offerableAt: number };

function idleView(a: AgentRuntime, queueId: string): IdleView {
  return {
    runtime: a,
    offerableAt: a.offerableAt,
    id: a.record.id,
    number: a.record.number,
    regions: a.record.regions,
    skill: a.record.skills[queueId] ?? 0,
    idleSince: a.idleSince,
    signedInAt: a.signedInAt,
    answered: a.answered,
    talkMs: a.talkMs,
  };
}

function defaultOwner(a: AgentRuntime, to: AgentState): StateOwner {
  if (to === 'signed-out' || to === 'idle') return { kind: 'none' };
  if ((to === 'reserved' || to === 'ringing' || to === 'talking') && a.callId !== undefined)
    return { kind: 'call', id: a.callId };
  return { kind: 'agent', id: a.record.id };
}
