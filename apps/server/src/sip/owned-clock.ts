import type { Clock, TimerHandle } from '@rexian/kernel';

/**
 * A clock whose timers can all be cancelled at once. The SIP edge's transactions keep timers running
 * for up to 64·T1 after their last message (Timer J/K, RFC 3261 §17.2.2); at shutdown those would keep
 * the process alive for half a minute and fire against closed sockets, so stopping the edge clears them.
 */
export function createOwnedClock(base: Clock): { clock: Clock; clearAll(): void } {
  const live = new Set<TimerHandle>();
  const clock: Clock = {
    now: () => base.now(),
    monotonic: () => base.monotonic(),
    setTimeout(fn, ms) {
      const handle = base.setTimeout(() => {
        live.delete(handle);
        fn();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      if (handle) live.delete(handle);
      base.clearTimeout(handle);
    },
  };
  return {
    clock,
    clearAll() {
      for (const h of live) base.clearTimeout(h);
      live.clear();
    },
  };
}
