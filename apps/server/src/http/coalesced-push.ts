import type { Clock, Logger, TimerHandle } from '@rexian/kernel';

export interface CoalescedPush {
  /** Something changed: push once `delayMs` from now (further calls meanwhile join that push). */
  schedule(): void;
  /** Push now (the stream's first message). */
  run(): void;
  /** The stream ended: no push after this one. */
  stop(): void;
  readonly stopped: boolean;
}

/**
 * The push loop of the WebSocket streams (current calls, supervisor boards): changes are coalesced over
 * `delayMs`, one push runs at a time, and a change that arrives during a push schedules one more after it —
 * so a burst of events (a transfer makes a dozen) becomes one message and none is lost.
 */
export function createCoalescedPush(d: {
  clock: Clock;
  delayMs: number;
  push: () => Promise<void>;
  log: Logger;
  what: string;
}): CoalescedPush {
  let stopped = false;
  let busy = false;
  let dirty = false;
  let timer: TimerHandle | undefined;

  const run = () => {
    if (stopped) return;
    if (busy) {
      dirty = true;
      return;
    }
    busy = true;
    d.push()
      .catch((error: unknown) => d.log.warn({ error }, `${d.what} push failed`))
      .finally(() => {
        busy = false;
        if (dirty) {
          dirty = false;
          schedule();
        }
      });
  };
  const schedule = () => {
    if (timer !== undefined || stopped) return;
    timer = d.clock.setTimeout(() => {
      timer = undefined;
      run();
    }, d.delayMs);
  };
  return {
    schedule,
    run,
    stop() {
      stopped = true;
      d.clock.clearTimeout(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
