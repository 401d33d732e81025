/**
 * Time is injected everywhere (STYLE.md): logic asks a Clock for "now" and for timers, so tests and
 * simulators can run a virtual clock instead of sleeping.
 */
export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Milliseconds since the Unix epoch (wall time). */
  now(): number;
  /** Monotonic milliseconds, for measuring durations; never goes backwards. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The real clock: Date.now, performance.now and the platform timers. */
export function createSystemClock(): Clock {
  let nextId = 1;
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  return {
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimeout(fn, ms) {
      const id = nextId++;
      const t = setTimeout(() => {
        live.delete(id);
        fn();
      }, ms);
      live.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      if (!handle) return;
      const t = live.get(handle.id);
      if (t !== undefined) {
        clearTimeout(t);
        live.delete(handle.id);
      }
    },
  };
}

type Scheduled = { id: number; at: number; seq: number; fn: () => void };

/**
 * A virtual clock: time moves only when the test (or simulator) advances it. Timers fire in time
 * order, ties in the order they were scheduled, so runs are deterministic.
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private seq = 0;
  private readonly heap: Scheduled[] = [];
  private readonly cancelled = new Set<number>();

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  monotonic(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.push({ id, at: this.current + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.cancelled.add(handle.id);
  }

  /** Number of timers still scheduled (cancelled ones excluded). */
  pending(): number {
    return this.heap.filter((t) => !this.cancelled.has(t.id)).length;
  }

  /** Time of the next live timer, or undefined. */
  nextAt(): number | undefined {
    this.dropCancelledHead();
    return this.heap[0]?.at;
  }

  /** Advance by `ms`, firing every timer due on the way (including ones scheduled by fired timers). */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      this.dropCancelledHead();
      const head = this.heap[0];
      if (!head || head.at > target) break;
      this.pop();
      this.current = Math.max(this.current, head.at);
      head.fn();
    }
    this.current = Math.max(this.current, target);
  }

  /** Fire the next timer, jumping time to it. Returns false when nothing is scheduled. */
  step(): boolean {
    this.dropCancelledHead();
    const head = this.heap[0];
    if (!head) return false;
    this.pop();
    this.current = Math.max(this.current, head.at);
    head.fn();
    return true;
  }

  private dropCancelledHead(): void {
    while (this.heap[0] && this.cancelled.has(this.heap[0].id)) {
      const t = this.pop();
      this.cancelled.delete(t.id);
    }
  }

  private less(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Scheduled): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const hp = h[p] as Scheduled;
      if (!this.less(t, hp)) break;
      h[i] = hp;
      i = p;
    }
    h[i] = t;
  }

  private pop(): Scheduled {
    const h = this.heap;
    const top = h[0] as Scheduled;
    const last = h.pop() as Scheduled;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        const cur = () => (m === i ? last : (h[m] as Scheduled));
        if (l < h.length && this.less(h[l] as Scheduled, cur())) m = l;
        if (r < h.length && this.less(h[r] as Scheduled, cur())) m = r;
        if (m === i) break;
        h[i] = h[m] as Scheduled;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
