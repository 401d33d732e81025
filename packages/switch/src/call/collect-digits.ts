import type { Clock, TimerHandle } from '@rexian/kernel';
import type { CallEventBus } from './call-events.ts';

export interface CollectOptions {
  maxDigits: number;
  /** A digit that ends collection and is not part of the result (commonly '#'). */
  terminator?: string;
  /** How long to wait for the first digit. */
  firstDigitTimeoutMs: number;
  /** How long to wait between digits once one arrived. */
  interDigitTimeoutMs: number;
}

export type CollectEnd = 'max-digits' | 'terminator' | 'timeout' | 'hangup';

export interface CollectResult {
  digits: string;
  end: CollectEnd;
}

/**
 * Collects DTMF for one channel from the call-event bus, with timers on the injected clock. Digits are
 * collected whatever their source, since the bus has one `dtmf.received` event for all three.
 */
export function collectDigits(
  bus: CallEventBus,
  clock: Clock,
  channelId: string,
  options: CollectOptions,
): Promise<CollectResult> {
  return new Promise((resolve) => {
    let digits = '';
    let timer: TimerHandle | undefined;
    const finish = (end: CollectEnd) => {
      clock.clearTimeout(timer);
      unsubscribe();
      resolve({ digits, end });
    };
    const arm = (ms: number) => {
      clock.clearTimeout(timer);
      timer = clock.setTimeout(() => finish('timeout'), ms);
    };
    const unsubscribe = bus.subscribe((e) => {
      if (e.type === 'channel.hungup' && e.channelId === channelId) return finish('hangup');
      if (e.type !== 'dtmf.received' || e.channelId !== channelId) return;
      if (options.terminator !== undefined && e.digit === options.terminator) return finish('terminator');
      digits += e.digit;
      if (digits.length >= options.maxDigits) return finish('max-digits');
      arm(options.interDigitTimeoutMs);
    });
    arm(options.firstDigitTimeoutMs);
  });
}
