import type { Clock, TimerHandle } from '@rexian/kernel';

export interface MediaClockOptions {
  clock: Clock;
  periodMs?: number;
  onTick: (tick: number, nowMs: number) => void;
  /** Ticks run back-to-back to catch up after a stall; beyond this the clock skips ahead. */
  maxCatchUpTicks?: number;
}

export interface MediaClockStats {
  ticks: number;
  /** Ticks that ran more than 2 ms after their due time. */
  late: number;
  /** Ticks dropped after a stall longer than the catch-up window. */
  skipped: number;
  maxLatenessMs: number;
}

/**
 * The 20 ms media tick. Each tick is due at start + n·period on the monotonic clock (hrtime-based
 * `performance.now` in production), and every timer is set for the remaining time to the next due
 * instant — so the jitter of individual timers never accumulates into drift, as chained
 * `setTimeout(…, 20)` or `setInterval` would (both lose ~1 ms per tick under load).
 */
export class MediaClock {
  private readonly o: Required<MediaClockOptions>;
  private startMs = 0;
  private next = 0;
  private timer: TimerHandle | undefined;
  private running = false;
  /** Ticks per wake-up: 1 normally; more while the owner needs no 20 ms work (see `setCoarse`). */
  private every = 1;
  private readonly s: MediaClockStats = { ticks: 0, late: 0, skipped: 0, maxLatenessMs: 0 };

  constructor(options: MediaClockOptions) {
    this.o = { periodMs: 20, maxCatchUpTicks: 5, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startMs = this.o.clock.monotonic();
    this.next = 1;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Coarse mode: while nothing needs the 20 ms beat (a shard of idle relays and echo endpoints, whose
   * only timed work is an RTCP report every few seconds), wake only every `ticks` ticks and run one
   * tick for the newest due instant — the ones in between are not run, and not counted as skipped.
   * Back to 1: the next tick comes at the next 20 ms grid instant, not after the coarse wait.
   */
  setCoarse(ticks: number): void {
    const every = Math.max(1, Math.floor(ticks));
    if (every === this.every) return;
    const finer = every < this.every;
    this.every = every;
    if (!finer || !this.running) return;
    this.o.clock.clearTimeout(this.timer);
    const elapsed = this.o.clock.monotonic() - this.startMs;
    this.next = Math.max(this.next, Math.ceil(elapsed / this.o.periodMs));
    this.schedule();
  }

  get coarse(): boolean {
    return this.every > 1;
  }

  stats(): MediaClockStats {
    return { ...this.s };
  }

  private dueAt(n: number): number {
    return this.startMs + n * this.o.periodMs;
  }

  private schedule(): void {
    const delay = Math.max(0, this.dueAt(this.next + this.every - 1) - this.o.clock.monotonic());
    this.timer = this.o.clock.setTimeout(() => this.run(), delay);
  }

  private run(): void {
    if (!this.running) return;
    const now = this.o.clock.monotonic();
    if (this.every > 1) this.next = Math.max(this.next, Math.floor((now - this.startMs) / this.o.periodMs));
    const behind = Math.floor((now - this.dueAt(this.next)) / this.o.periodMs);
    if (behind > this.o.maxCatchUpTicks) {
      // A long stall (GC, a blocked loop): replaying it all would burst packets; jump to the present.
      this.s.skipped += behind - this.o.maxCatchUpTicks;
      this.next += behind - this.o.maxCatchUpTicks;
    }
    while (this.running && this.dueAt(this.next) <= now) {
      const lateness = now - this.dueAt(this.next);
      if (lateness > 2) this.s.late++;
      this.s.maxLatenessMs = Math.max(this.s.maxLatenessMs, lateness);
      this.s.ticks++;
      this.o.onTick(this.next, this.dueAt(this.next));
      this.next++;
    }
    if (this.running) this.schedule();
  }
}
