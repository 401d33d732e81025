/**
 * The callers waiting in one queue: VIP callers ahead of everyone else, each class in order of entry.
 * A call handed back (agent rejected or did not answer) is re-inserted by its entry time, so it keeps
 * its place instead of going to the back.
 */
export interface Waiting {
  readonly id: string;
  readonly vip: boolean;
  readonly enteredAt: number;
}

export class WaitingList<C extends Waiting> {
  private readonly vip: C[] = [];
  private readonly normal: C[] = [];

  get length(): number {
    return this.vip.length + this.normal.length;
  }

  head(): C | undefined {
    return this.vip[0] ?? this.normal[0];
  }

  insert(call: C): void {
    const list = call.vip ? this.vip : this.normal;
    let i = list.length;
    while (i > 0 && (list[i - 1] as C).enteredAt > call.enteredAt) i--;
    list.splice(i, 0, call);
  }

  remove(call: C): boolean {
    const list = call.vip ? this.vip : this.normal;
    const i = list.indexOf(call);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  /** 1-based position as announced to the caller; 0 when not waiting here. */
  position(call: C): number {
    if (call.vip) return this.vip.indexOf(call) + 1;
    const i = this.normal.indexOf(call);
    return i < 0 ? 0 : this.vip.length + i + 1;
  }

  *[Symbol.iterator](): IterableIterator<C> {
    yield* this.vip;
    yield* this.normal;
  }
}
