import { type Clock, type Logger, nullLogger, TypedEmitter } from '@rexian/kernel';
import { type AgentRecord, BUILTIN_BUSY_REASONS, type BusyReason, validateAgentRecord } from '../agent/agent.types.ts';
import { AgentRegistry } from '../agent/agent-registry.ts';
import { type AgentRules, DEFAULT_AGENT_RULES, validateAgentRules } from '../agent/agent-rules.ts';
import { type AgentSnapshot, snapshot } from '../agent/agent-runtime.ts';
import type { ResumeState } from '../agent/agent-state.ts';
import { BoundedMap } from '../bounded-map.ts';
import { acdErrors } from '../errors.ts';
import type { AcdEvent, AcdEventInput, AcdEventMap, AcdEventSink } from '../events.ts';
import { type QueueConfig, validateQueueConfig } from '../queue/queue.types.ts';
import { resolveVip, type VipEntry, VipList, type VipLookupPort } from '../queue/vip.ts';
import { WaitingList } from '../queue/waiting-list.ts';
import { createMemoryTraceStore, type Rng, type RoutingTrace, type TraceStore } from '../routing/routing.types.ts';
import type { AcdContext } from './acd-context.ts';
import * as agents from './agent-commands.ts';
import * as calls from './call-flow.ts';
import { type CallSnapshot, callSnapshot } from './call-runtime.ts';
import { drain } from './dispatch.ts';

export interface AcdEngineOptions {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly rules?: Partial<AgentRules>;
  readonly logger?: Logger;
  readonly traces?: TraceStore;
  /** Persistence port: every event is appended here as well as emitted. */
  readonly sink?: AcdEventSink;
  readonly maxOverflowHops?: number;
  /** The CRM VIP lookup used by `admit()` for queues whose VIP method is `crm`. */
  readonly vipLookup?: VipLookupPort;
  /** How many callers' last agents are remembered for the last-agent rule (when CTI does not supply it). */
  readonly lastAgentMemory?: number;
}

export interface QueueStatus {
  readonly queueId: string;
  readonly waiting: number;
  readonly idleAgents: number;
  readonly signedInAgents: number;
  /** Idle agents the dialer may take without touching the queue's reserved idle agents. */
  readonly availableForDialer: number;
}

/**
 * The ACD: agents, queues and routing as pure logic over an injected clock. CTI calls the command
 * methods as the switch reports call progress; the engine answers with events (`call.offered` tells
 * CTI which extension to ring). No I/O happens here.
 */
export class AcdEngine {
  readonly events: TypedEmitter<AcdEventMap>;
  private readonly ctx: AcdContext;
  private vipList = new VipList();
  private depth = 0;
  /** Calls whose VIP lookup is in flight; a hang-up meanwhile cancels the admission. */
  private readonly admitting = new Map<string, { cancelled: boolean }>();
  private readonly vipLookup: VipLookupPort | undefined;
  private seq = 0;

  constructor(opts: AcdEngineOptions) {
    const logger = opts.logger ?? nullLogger;
    this.events = new TypedEmitter<AcdEventMap>((error, event) => logger.error({ error, event }, 'ACD event listener failed'));
    const rules = { ...DEFAULT_AGENT_RULES, ...opts.rules };
    const checked = validateAgentRules(rules);
    if (!checked.ok) throw checked.error;
    this.vipLookup = opts.vipLookup;
    const sink = opts.sink;
    const clock = opts.clock;
    const emitter = this.events;
    const emit = (input: AcdEventInput): void => {
      // Inputs are built fresh by the engine for each event, so they are stamped in place (no copy).
      const event = Object.assign(input, { seq: ++this.seq, at: clock.now() }) as AcdEvent;
      // A failing sink must not leave a command half-applied: the event is still emitted, the error logged.
      try {
        sink?.append(event);
      } catch (error) {
        logger.error({ error, seq: event.seq, type: event.type }, 'ACD event sink failed');
      }
      (emitter.emit as (k: string, e: AcdEvent) => void)(event.type, event);
      emitter.emit('*', event);
    };
    const run = <T>(fn: () => T): T => this.run(fn);
    const ctx: AcdContext = {
      clock,
      logger,
      rng: opts.rng,
      traces: opts.traces ?? createMemoryTraceStore(),
      registry: new AgentRegistry({
        clock,
        rules,
        hooks: {
          emit,
          onTimeout: (a, state) => run(() => agents.onStateTimeout(ctx, a, state)),
          onAvailable: (a) => {
            ctx.pendingAgents.add(a);
            if (this.depth === 0) run(() => undefined);
          },
        },
      }),
      queues: new Map(),
      calls: new Map(),
      busyReasons: new Set(BUILTIN_BUSY_REASONS.map((r) => r.id)),
      lastAgent: new BoundedMap(opts.lastAgentMemory ?? 100_000),
      maxOverflowHops: opts.maxOverflowHops ?? 3,
      pendingAgents: new Set(),
      pendingCalls: new Set(),
      emit,
      run,
    };
    this.ctx = ctx;
  }

  private run<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      if (this.depth === 0) {
        this.depth++;
        try {
          drain(this.ctx);
        } finally {
          this.depth--;
        }
      }
    }
  }

  // ── configuration (loaded from the database by the server) ──

  upsertAgent(record: AgentRecord): void {
    const checked = validateAgentRecord(record);
    if (!checked.ok) throw checked.error;
    this.run(() => {
      this.ctx.registry.upsert(record);
      const a = this.ctx.registry.get(record.id);
      // Disabling a signed-in agent signs it out (an offered call goes back to its queue).
      if (!record.enabled && a.state !== 'signed-out') {
        agents.signOut(this.ctx, record.id, { kind: 'system', id: 'disabled' }, 'disabled');
      }
      if (a.state === 'idle') this.ctx.pendingAgents.add(a);
    });
  }

  removeAgent(agentId: string): void {
    this.run(() => {
      const a = this.ctx.registry.get(agentId);
      if (a.state !== 'signed-out') agents.signOut(this.ctx, agentId, { kind: 'system', id: 'removed' }, 'removed');
      this.ctx.registry.remove(agentId);
    });
  }

  upsertQueue(config: QueueConfig): void {
    const checked = validateQueueConfig(config);
    if (!checked.ok) throw checked.error;
    const existing = this.ctx.queues.get(config.id);
    if (existing) existing.config = config;
    else this.ctx.queues.set(config.id, { config, waiting: new WaitingList(), strategyState: {} });
  }

  /** Removes a queue; refused (ACD_QUEUE_NOT_EMPTY) while callers wait in it. */
  removeQueue(queueId: string): void {
    const q = this.ctx.queues.get(queueId);
    if (!q) throw acdErrors.queueNotFound(queueId);
    const busy = [...this.ctx.calls.values()].filter(
      (c) => c.queueId === queueId && (c.status === 'waiting' || c.status === 'offered'),
    );
    if (busy.length > 0) throw acdErrors.queueNotEmpty(queueId, busy.length);
    this.ctx.queues.delete(queueId);
  }

  setBusyReasons(reasons: readonly BusyReason[]): void {
    this.ctx.busyReasons.clear();
    for (const r of [...BUILTIN_BUSY_REASONS, ...reasons]) this.ctx.busyReasons.add(r.id);
  }

  setVipList(entries: readonly VipEntry[]): void {
    this.vipList = new VipList(entries);
  }

  setRules(rules: Partial<AgentRules>): void {
    const next = { ...this.ctx.registry.rules, ...rules };
    const checked = validateAgentRules(next);
    if (!checked.ok) throw checked.error;
    this.ctx.registry.rules = next;
  }

  // ── agent commands ──

  signIn(agentId: string, opts: { extension?: string; initial?: 'idle' | 'busy' } = {}): void {
    this.run(() => agents.signIn(this.ctx, agentId, opts));
  }
  signOut(agentId: string, by?: agents.Actor): void {
    this.run(() => agents.signOut(this.ctx, agentId, by));
  }
  setIdle(agentId: string, by?: agents.Actor): void {
    this.run(() => agents.setIdle(this.ctx, agentId, by));
  }
  setBusy(agentId: string, reasonId?: string, by?: agents.Actor): void {
    this.run(() => agents.setBusy(this.ctx, agentId, reasonId, by));
  }
  setAway(agentId: string, by?: agents.Actor): void {
    this.run(() => agents.setAway(this.ctx, agentId, by));
  }
  setOutboundOnly(agentId: string, by?: agents.Actor): void {
    this.run(() => agents.setOutboundOnly(this.ctx, agentId, by));
  }
  endWrapUp(agentId: string, to?: ResumeState): void {
    this.run(() => agents.endWrapUp(this.ctx, agentId, to));
  }
  disconnect(agentId: string): void {
    this.run(() => agents.disconnect(this.ctx, agentId));
  }
  reconnect(agentId: string): void {
    this.run(() => agents.reconnect(this.ctx, agentId));
  }

  // ── call progress (reported by CTI from the switch) ──

  /** An inbound call enters a queue. VIP: `call.vip` if given (CRM lookup done by CTI), else the CTI list. */
  enqueue(call: calls.IncomingCall): CallSnapshot {
    return this.run(() => {
      const q = this.ctx.queues.get(call.queueId);
      if (!q) throw acdErrors.queueNotFound(call.queueId);
      if (this.ctx.calls.has(call.id)) throw acdErrors.duplicateCall(call.id);
      const vip =
        call.vip ?? (q.config.vipEnabled && q.config.vipMethod === 'cti' && this.vipList.isVip(call.caller, q.config.id));
      const runtime = calls.newCall(this.ctx, call, vip);
      this.ctx.calls.set(call.id, runtime);
      calls.enterQueue(this.ctx, runtime, q);
      return callSnapshot(runtime);
    });
  }

  /**
   * `enqueue` with VIP resolved first: the CTI list, or for `crm` queues the `vipLookup` port within the
   * queue's HTTP time-out (failure → normal priority, logged). Resolves `undefined` if the caller hung up
   * during the lookup.
   */
  async admit(call: calls.IncomingCall): Promise<CallSnapshot | undefined> {
    const q = this.ctx.queues.get(call.queueId);
    if (!q) throw acdErrors.queueNotFound(call.queueId);
    if (call.vip !== undefined || !q.config.vipEnabled || q.config.vipMethod !== 'crm') return this.enqueue(call);
    if (this.ctx.calls.has(call.id) || this.admitting.has(call.id)) throw acdErrors.duplicateCall(call.id);
    const pending = { cancelled: false };
    this.admitting.set(call.id, pending);
    try {
      const deps = { list: this.vipList, clock: this.ctx.clock, logger: this.ctx.logger };
      const decision = await resolveVip(q.config, call.caller, this.vipLookup ? { ...deps, lookup: this.vipLookup } : deps);
      return pending.cancelled ? undefined : this.enqueue({ ...call, vip: decision.vip });
    } finally {
      this.admitting.delete(call.id);
    }
  }

  /**
   * A supervisor moves a call waiting in a queue to another queue, keeping its VIP status (`call.queued`
   * with `movedFrom`). Anything else is refused with ACD_CALL_NOT_WAITING: a call being offered (an agent's
   * phone rings: the ring's outcome belongs to CTI, and withdrawing it could race a new offer of the same
   * call to the same agent), connected or outbound. Moving to its own queue changes nothing.
   */
  moveCall(callId: string, queueId: string): CallSnapshot {
    return this.run(() => {
      const call = this.ctx.calls.get(callId);
      if (!call) throw acdErrors.callNotFound(callId);
      if (call.status !== 'waiting') throw acdErrors.callNotWaiting(callId, call.status);
      const target = this.ctx.queues.get(queueId);
      if (!target) throw acdErrors.queueNotFound(queueId);
      if (call.queueId !== queueId) calls.moveCall(this.ctx, call, target);
      return callSnapshot(call);
    });
  }

  /** The agent's phone is ringing. */
  ringing(agentId: string, callId: string): void {
    this.run(() => {
      const { a, call } = calls.offeredPair(this.ctx, agentId, callId);
      if (a.state !== 'reserved') return;
      const ringTimeMs = this.ctx.queues.get(call.queueId ?? '')?.config.ringTimeMs;
      this.ctx.registry.move(a, 'ringing', {
        cause: 'call',
        callId,
        ...(ringTimeMs === undefined ? {} : { timeoutMs: ringTimeMs }),
      });
    });
  }

  answered(agentId: string, callId: string): void {
    this.run(() => calls.answered(this.ctx, agentId, callId));
  }

  /** The agent declined: the call keeps its place, the agent gets no call for the reject interval. */
  rejected(agentId: string, callId: string): void {
    this.run(() => {
      const { a, call } = calls.offeredPair(this.ctx, agentId, callId);
      this.ctx.registry.holdOffUntil(a, this.ctx.clock.now() + this.ctx.registry.rules.rejectIntervalMs);
      call.agentId = undefined;
      call.status = 'waiting';
      this.ctx.registry.move(a, 'idle', { cause: 'rejected' });
      this.ctx.emit({ type: 'call.rejected', callId, queueId: call.queueId ?? '', agentId });
      calls.requeue(this.ctx, call, agentId);
    });
  }

  /** Any end of a call: abandon while queued or offered, end of conversation when connected. */
  hungUp(callId: string): boolean {
    const admitting = this.admitting.get(callId);
    if (admitting) {
      admitting.cancelled = true;
      return true;
    }
    return this.run(() => calls.hungUp(this.ctx, callId));
  }

  /** The agent places an outbound call (from idle, busy, outbound-only or wrap-up). */
  outboundStarted(agentId: string, callId: string, callee: string): void {
    this.run(() => {
      if (this.ctx.calls.has(callId)) throw acdErrors.duplicateCall(callId);
      const a = this.ctx.registry.get(agentId);
      agents.assertNotOnCall(a);
      const before = a.state;
      const call = calls.newCall(this.ctx, { id: callId, caller: callee, queueId: '' }, false);
      call.status = 'outbound';
      call.agentId = agentId;
      call.connectedAt = this.ctx.clock.now();
      this.ctx.registry.move(a, 'talking', { cause: 'outbound', callId });
      a.resume = before === 'busy' ? 'busy' : before === 'outbound-only' ? 'outbound-only' : 'idle';
      this.ctx.calls.set(callId, call);
    });
  }

  // ── queries ──

  agent(agentId: string): AgentSnapshot {
    return snapshot(this.ctx.registry.get(agentId));
  }
  /** The agent's configuration (type, group, queues, supervisor scope) as last upserted. */
  agentRecord(agentId: string): AgentRecord {
    return this.ctx.registry.get(agentId).record;
  }
  agents(): AgentSnapshot[] {
    return [...this.ctx.registry.agents.values()].map(snapshot);
  }
  call(callId: string): CallSnapshot | undefined {
    const c = this.ctx.calls.get(callId);
    return c ? callSnapshot(c) : undefined;
  }
  calls(): CallSnapshot[] {
    return [...this.ctx.calls.values()].map(callSnapshot);
  }
  /** The configured queues' ids (to find the ones a reload no longer has). */
  queueIds(): string[] {
    return [...this.ctx.queues.keys()];
  }
  queueStatus(queueId: string): QueueStatus {
    const q = this.ctx.queues.get(queueId);
    if (!q) throw acdErrors.queueNotFound(queueId);
    const now = this.ctx.clock.now();
    let idle = 0;
    for (const v of this.ctx.registry.idleMembers(queueId)) if (v.offerableAt <= now) idle++;
    return {
      queueId,
      waiting: q.waiting.length,
      idleAgents: idle,
      signedInAgents: this.ctx.registry.signedInMembers(queueId),
      availableForDialer: q.waiting.length > 0 ? 0 : Math.max(0, idle - q.config.reservedIdleAgents),
    };
  }
  /** "Why did this agent get this call?" — every routing decision taken for the call. */
  traceFor(callId: string): readonly RoutingTrace[] {
    return this.ctx.traces.forCall(callId);
  }

  /** For the reconciler only: the shared state, so repairs go through the same transitions. */
  internals(): AcdContext {
    return this.ctx;
  }
}
