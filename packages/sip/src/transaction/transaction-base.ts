import { assertTransition, type Clock, type Logger, type TimerHandle, type TransitionTable, TypedEmitter } from '@rexian/kernel';
import type { SipMessage } from '../message/types.ts';
import { type TimerConfig, type TimerName, timerValues } from './timers.ts';

/** Where a transaction sends: one flow to one peer. `reliable` is true for TCP, TLS and WebSocket. */
export interface TransactionIo {
  readonly reliable: boolean;
  send(message: SipMessage): void;
  /**
   * Connection-oriented flows report a failed or lost connection (RFC 3261 §18.4) so the
   * transactions on it end at once instead of waiting for Timer B/F/H. Returns an unsubscribe.
   */
  onFailure?(listener: () => void): () => void;
}

export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: TimerConfig;
  readonly logger: Logger;
}

const valuesByConfig = new WeakMap<TimerConfig, readonly [ReturnType<typeof timerValues>, ReturnType<typeof timerValues>]>();

/** Timer values are the same for every transaction of a layer: derive them once per config, not per transaction. */
function timerValuesFor(config: TimerConfig, reliable: boolean): ReturnType<typeof timerValues> {
  let pair = valuesByConfig.get(config);
  if (pair === undefined) {
    pair = [timerValues(config, false), timerValues(config, true)];
    valuesByConfig.set(config, pair);
  }
  return pair[reliable ? 1 : 0];
}

/**
 * What all four RFC 3261 §17 machines share: a state checked against a transition table, named
 * timers on the injected clock, and a typed emitter. Entering Terminated clears every timer.
 */
export abstract class TransactionBase<S extends string, E extends Record<string, unknown[]>> extends TypedEmitter<
  E & { terminated: [] }
> {
  readonly id: string;
  protected current: S;
  /** The flow this transaction sends on (for a server transaction: where its request came from). */
  readonly io: TransactionIo;
  protected readonly ctx: TransactionContext;
  protected readonly t: ReturnType<typeof timerValues>;
  private readonly table: TransitionTable<S>;
  private readonly handles = new Map<TimerName, TimerHandle>();

  protected constructor(id: string, table: TransitionTable<S>, initial: S, io: TransactionIo, ctx: TransactionContext) {
    super((error, event) => ctx.logger.error({ error, event: String(event), transaction: id }, 'transaction listener threw'));
    this.id = id;
    this.table = table;
    this.current = initial;
    this.io = io;
    this.ctx = ctx;
    this.t = timerValuesFor(ctx.timers, io.reliable);
    this.unsubscribe = io.onFailure?.(() => {
      if (this.current !== ('Terminated' as S)) this.onTransportError();
    });
  }

  private readonly unsubscribe: (() => void) | undefined;

  get state(): S {
    return this.current;
  }

  protected transition(next: S, event: string): void {
    assertTransition(this.table, this.current, next, 'SIP_TRANSACTION_ILLEGAL_TRANSITION');
    this.ctx.logger.debug({ transaction: this.id, from: this.current, to: next, event }, 'transaction state');
    this.current = next;
    if (next === ('Terminated' as S)) {
      for (const h of this.handles.values()) this.ctx.clock.clearTimeout(h);
      this.handles.clear();
      this.unsubscribe?.();
      (this as unknown as TypedEmitter<{ terminated: [] }>).emit('terminated');
    }
  }

  protected startTimer(name: TimerName, ms: number, fire: () => void): void {
    this.stopTimer(name);
    this.handles.set(
      name,
      this.ctx.clock.setTimeout(() => {
        this.handles.delete(name);
        fire();
      }, ms),
    );
  }

  protected stopTimer(name: TimerName): void {
    const h = this.handles.get(name);
    if (h) this.ctx.clock.clearTimeout(h);
    this.handles.delete(name);
  }

  /** Timers now running, for tests and diagnostics. */
  runningTimers(): TimerName[] {
    return [...this.handles.keys()];
  }

  protected sendSafely(message: SipMessage): boolean {
    try {
      this.io.send(message);
      return true;
    } catch (error) {
      this.ctx.logger.warn({ transaction: this.id, error }, 'transport error');
      this.onTransportError();
      return false;
    }
  }

  /** RFC 3261 §17.1.4 / §17.2.4: a transport failure terminates the transaction and informs the TU. */
  protected abstract onTransportError(): void;
}
