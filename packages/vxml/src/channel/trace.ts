import type { Clock } from '@rexian/kernel';

/** One step of a session, as the CLI prints it and the conformance tests compare it. */
export type TraceEntry = { t: number; type: TraceType } & Record<string, unknown>;
export type TraceType =
  | 'dialog'
  | 'item'
  | 'prompt'
  | 'bargein'
  | 'input'
  | 'event'
  | 'fetch'
  | 'log'
  | 'record'
  | 'transfer'
  | 'hangup'
  | 'exit'
  | 'end';

export interface TraceSink {
  add(type: TraceType, fields: Record<string, unknown>): void;
}

/** Keeps the trace in memory; `t` is milliseconds since the session started, by the injected Clock. */
export class TraceRecorder implements TraceSink {
  readonly entries: TraceEntry[] = [];
  private readonly clock: Clock;
  private readonly start: number;
  private readonly limit: number;

  constructor(clock: Clock, limit = 10_000) {
    this.clock = clock;
    this.start = clock.now();
    this.limit = limit;
  }

  add(type: TraceType, fields: Record<string, unknown>): void {
    if (this.entries.length >= this.limit) return;
    this.entries.push({ t: this.clock.now() - this.start, type, ...fields });
  }
}

export const nullTrace: TraceSink = { add() {} };
