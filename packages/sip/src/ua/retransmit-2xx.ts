import type { Clock, TimerHandle } from '@rexian/kernel';
import { defaultTimers, type TimerConfig } from '../transaction/timers.ts';

export interface Retransmit2xxOptions {
  readonly clock: Clock;
  readonly timers?: Partial<TimerConfig>;
  /** Re-sends the 2xx (through the INVITE server transaction, which passes it down in Accepted). */
  readonly send: () => void;
  /** No ACK after 64*T1: the UAS should confirm and then end the session with BYE (§13.3.1.4). */
  readonly onTimeout: () => void;
  /** Over a reliable transport the transport does the retransmitting; only the time-out applies. */
  readonly reliable?: boolean;
}

/**
 * RFC 3261 §13.3.1.4: the UAS core — not the transaction — retransmits a 2xx to INVITE, starting at
 * T1 and doubling up to T2, until the ACK arrives, for at most 64*T1.
 */
export function retransmit2xx(options: Retransmit2xxOptions): { acked(): void; cancel(): void } {
  const t = { ...defaultTimers, ...options.timers };
  let resend: TimerHandle | undefined;
  let done = false;
  const stop = () => {
    done = true;
    options.clock.clearTimeout(resend);
    options.clock.clearTimeout(giveUp);
  };
  const arm = (interval: number) => {
    resend = options.clock.setTimeout(() => {
      if (done) return;
      options.send();
      arm(Math.min(2 * interval, t.T2));
    }, interval);
  };
  const giveUp = options.clock.setTimeout(() => {
    if (done) return;
    stop();
    options.onTimeout();
  }, 64 * t.T1);
  if (!options.reliable) arm(t.T1);
  return { acked: stop, cancel: stop };
}
