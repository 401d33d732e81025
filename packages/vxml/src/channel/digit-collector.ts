import type { Clock, TimerHandle, TransitionTable } from '@rexian/kernel';
import { assertTransition } from '@rexian/kernel';
import type { CollectRequest, CollectResult } from './channel-port.ts';

type CollectorState = 'waiting' | 'collecting' | 'done';
const transitions = {
  waiting: ['collecting', 'done'],
  collecting: ['collecting', 'done'],
  done: [],
} as const satisfies Record<CollectorState, readonly CollectorState[]>;

/** Guard against a stuck key flooding the buffer. */
const maxBufferedDigits = 128;

/**
 * DTMF collection timing (VoiceXML 2.0 §6.3.3), written once for every channel adapter: the adapter
 * feeds digits as they arrive and this decides when the input is complete, using only the Clock.
 */
export class DigitCollector {
  private state: CollectorState = 'waiting';
  private buffer = '';
  private timer: TimerHandle | undefined;
  private readonly req: CollectRequest;
  private readonly clock: Clock;
  private readonly onDone: (r: CollectResult) => void;

  constructor(req: CollectRequest, clock: Clock, onDone: (r: CollectResult) => void) {
    this.req = req;
    this.clock = clock;
    this.onDone = onDone;
  }

  /** Call when the prompts have finished (or were barged in): the no-input timer starts. */
  start(): void {
    if (this.state !== 'waiting') return;
    this.arm(this.req.timeoutMs, () => this.finish({ kind: 'noinput' }));
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  digit(key: string): void {
    if (this.state === 'done') return;
    this.move('collecting');
    this.clock.clearTimeout(this.timer);
    if (this.req.termChar !== '' && key === this.req.termChar) {
      this.finishWith(this.buffer, true);
      return;
    }
    this.buffer += key;
    if (this.buffer.length > maxBufferedDigits) {
      this.finish({ kind: 'nomatch', digits: this.buffer });
      return;
    }
    const m = this.req.grammar.match(this.buffer);
    if (m.state === 'nomatch') this.finish({ kind: 'nomatch', digits: this.buffer });
    else if (m.state === 'complete') {
      if (this.req.termTimeoutMs <= 0 || this.req.termChar === '') this.finish({ kind: 'match', digits: this.buffer, match: m });
      else this.arm(this.req.termTimeoutMs, () => this.finishWith(this.buffer, false));
    } else this.arm(this.req.interDigitTimeoutMs, () => this.finishWith(this.buffer, false));
  }

  hangup(): void {
    this.finish({ kind: 'hangup' });
  }

  private finishWith(digits: string, terminated: boolean): void {
    if (digits === '' && terminated) {
      this.finish({ kind: 'nomatch', digits: '' });
      return;
    }
    const m = this.req.grammar.match(digits);
    if (m.state === 'complete' || m.state === 'complete-more') this.finish({ kind: 'match', digits, match: m });
    else this.finish({ kind: 'nomatch', digits });
  }

  private arm(ms: number, fn: () => void): void {
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(fn, ms);
  }

  private move(to: CollectorState): void {
    assertTransition(transitions as TransitionTable<CollectorState>, this.state, to, 'VXML_COLLECTOR_STATE');
    this.state = to;
  }

  private finish(r: CollectResult): void {
    if (this.state === 'done') return;
    this.clock.clearTimeout(this.timer);
    this.move('done');
    this.onDone(r);
  }
}
