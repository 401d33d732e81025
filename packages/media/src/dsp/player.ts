import { canTransition, type TransitionTable } from '@rexian/kernel';
import type { DtmfDigit } from './dtmf-event.ts';

export interface PlayItem {
  /** Mono PCM at the bus rate, prepared by `loadPrompt` at upload time. */
  samples: Int16Array;
  name?: string;
}

export interface PlayerOptions {
  items: PlayItem[];
  frameSamples: number;
  /** Extra passes over the list: 0 plays once, Infinity loops until stopped (hold music). */
  loops?: number;
  /** Stop when the caller presses a key (IVR prompts). */
  bargeIn?: boolean;
}

export type PlayerInput =
  | { kind: 'frame' }
  | { kind: 'dtmf'; digit: DtmfDigit }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' };

export type PlayerEvent =
  | { type: 'item-started'; index: number }
  | { type: 'finished'; reason: 'completed' | 'barge-in' | 'stopped'; digit?: DtmfDigit };

export interface PlayerOutput {
  /** Present for `frame` inputs: always a full frame (silence-padded at the end or while paused). */
  frame?: Int16Array;
  events: PlayerEvent[];
}

type PlayerState = 'playing' | 'paused' | 'done';

const PLAYER_TRANSITIONS = {
  playing: ['paused', 'done'],
  paused: ['playing', 'done'],
  done: [],
} as const satisfies TransitionTable<PlayerState>;

/**
 * Plays a list of prompts frame by frame. Items join seamlessly inside a frame; the last frame is padded
 * with silence. Pure: `process(input) → output`; the engine calls it on every media tick.
 */
export class Player {
  private readonly o: PlayerOptions;
  private state: PlayerState = 'playing';
  private index = 0;
  private offset = 0;
  private passesLeft: number;
  private started = false;

  constructor(options: PlayerOptions) {
    this.o = options;
    this.passesLeft = options.loops ?? 0;
    if (options.items.length === 0 || options.items.every((i) => i.samples.length === 0)) this.state = 'done';
  }

  get done(): boolean {
    return this.state === 'done';
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  process(input: PlayerInput): PlayerOutput {
    const events: PlayerEvent[] = [];
    switch (input.kind) {
      case 'frame':
        return { frame: this.nextFrame(events), events };
      case 'pause':
        this.move('paused');
        return { events };
      case 'resume':
        this.move('playing');
        return { events };
      case 'stop':
        if (canTransition(PLAYER_TRANSITIONS, this.state, 'done')) this.finish(events, 'stopped');
        return { events };
      case 'dtmf':
        if (this.o.bargeIn && canTransition(PLAYER_TRANSITIONS, this.state, 'done')) this.finish(events, 'barge-in', input.digit);
        return { events };
    }
  }

  /** Commands that do not apply in the current state (pause while paused, resume after the end) are no-ops. */
  private move(to: PlayerState): void {
    if (canTransition(PLAYER_TRANSITIONS, this.state, to)) this.state = to;
  }

  private finish(events: PlayerEvent[], reason: 'completed' | 'barge-in' | 'stopped', digit?: DtmfDigit): void {
    this.state = 'done';
    events.push(digit === undefined ? { type: 'finished', reason } : { type: 'finished', reason, digit });
  }

  private nextFrame(events: PlayerEvent[]): Int16Array {
    const frame = new Int16Array(this.o.frameSamples);
    if (this.state !== 'playing') return frame;
    let filled = 0;
    while (filled < frame.length) {
      const item = this.o.items[this.index] as PlayItem;
      if (!this.started) {
        this.started = true;
        events.push({ type: 'item-started', index: this.index });
      }
      const n = Math.min(frame.length - filled, item.samples.length - this.offset);
      frame.set(item.samples.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
      if (this.offset < item.samples.length) continue;
      this.offset = 0;
      this.started = false;
      this.index++;
      if (this.index < this.o.items.length) continue;
      if (this.passesLeft <= 0) {
        this.finish(events, 'completed');
        break;
      }
      this.passesLeft--;
      this.index = 0;
    }
    return frame;
  }
}
