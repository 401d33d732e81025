import type { Clock } from '@rexian/kernel';
import type {
  CallInfo,
  Channel,
  CollectRequest,
  CollectResult,
  PlayRequest,
  PromptSegment,
  RecordRequest,
  RecordResult,
  TransferOutcome,
  TransferRequest,
  TransferResult,
} from './channel-port.ts';
import { DigitCollector } from './digit-collector.ts';
import type { TraceSink } from './trace.ts';

/** One caller turn, answered to the next collect: digits ("12#"), "noinput" or "hangup". */
export type DtmfTurn = string | { dtmf: string; afterMs?: number; gapMs?: number };
export type RecordTurn = { durationMs: number; termChar?: string } | 'noinput' | 'hangup';

/** What the scripted caller and the scripted far ends do (script.json in the conformance cases). */
export interface ChannelScript {
  call?: Partial<CallInfo>;
  dtmf?: DtmfTurn[];
  records?: RecordTurn[];
  /** Outcome of each bridged/consultation transfer, in order (default "far_end_disconnect" after 10 s). */
  transfers?: (TransferOutcome | { outcome: TransferOutcome; durationMs: number })[];
  /** The caller presses the first digit this long after the prompts end (default 1000 ms). */
  defaultAfterMs?: number;
  /** Gap between digits of one turn (default 200 ms). */
  defaultGapMs?: number;
  /**
   * Prompt playback time per character of text (0, the default, plays prompts instantly). With a
   * value, barge-in matters: keys during a prompt without barge-in are lost.
   */
  msPerChar?: number;
  /** Playback time assumed for each audio file when msPerChar is set (default 1000 ms). */
  audioMs?: number;
}

export const defaultCall: CallInfo = {
  callId: 'call-1',
  caller: '13800138000',
  called: '4008001000',
  accessNumber: '4008001000',
  protocol: 'sip',
};

/**
 * A scripted caller for tests and the CLI. Digits arrive through the same DigitCollector a real
 * adapter uses, on the injected Clock, so time-outs behave exactly as on a call. When the script
 * runs out of turns the caller hangs up, so every run ends.
 */
export class FakeChannel implements Channel {
  readonly call: CallInfo;
  private readonly clock: Clock;
  private readonly trace: TraceSink;
  private readonly dtmf: DtmfTurn[];
  private readonly records: RecordTurn[];
  private readonly transfers: NonNullable<ChannelScript['transfers']>;
  private readonly afterMs: number;
  private readonly gapMs: number;
  private readonly msPerChar: number;
  private readonly audioMs: number;
  private hungUp = false;
  private recordings = 0;

  constructor(script: ChannelScript, clock: Clock, trace: TraceSink) {
    this.call = { ...defaultCall, ...script.call };
    this.clock = clock;
    this.trace = trace;
    this.dtmf = [...(script.dtmf ?? [])];
    this.records = [...(script.records ?? [])];
    this.transfers = [...(script.transfers ?? [])];
    this.afterMs = script.defaultAfterMs ?? 1000;
    this.gapMs = script.defaultGapMs ?? 200;
    this.msPerChar = script.msPerChar ?? 0;
    this.audioMs = script.audioMs ?? 1000;
  }

  async play(req: PlayRequest): Promise<'done' | 'hangup'> {
    if (this.hungUp) return 'hangup';
    const ms = this.segmentsMs(req.segments);
    if (ms > 0) await new Promise<void>((r) => this.clock.setTimeout(r, ms));
    return 'done';
  }

  collect(req: CollectRequest): Promise<CollectResult> {
    if (this.hungUp) return Promise.resolve({ kind: 'hangup' });
    return new Promise((resolve) => {
      const collector = new DigitCollector(req, this.clock, (r) => {
        if (r.kind === 'hangup') this.hungUp = true;
        resolve(r);
      });
      const listening = this.listenAfterPrompts(req, collector);
      const turn = this.dtmf.shift();
      if (turn === undefined || turn === 'hangup') {
        this.clock.setTimeout(() => collector.hangup(), turn === undefined ? 0 : this.afterMs);
        return;
      }
      if (turn === 'noinput') return;
      const keys = typeof turn === 'string' ? turn : turn.dtmf;
      const after = typeof turn === 'string' ? this.afterMs : (turn.afterMs ?? this.afterMs);
      const gap = typeof turn === 'string' ? this.gapMs : (turn.gapMs ?? this.gapMs);
      [...keys].forEach((k, i) => {
        this.clock.setTimeout(() => listening.key(k), after + i * gap);
      });
    });
  }

  /**
   * Models prompt playback when `msPerChar` is set: the no-input timer starts when the prompts end;
   * a key during a barge-in prompt stops it and counts, a key during a prompt without barge-in is lost.
   */
  private listenAfterPrompts(req: CollectRequest, collector: DigitCollector): { key(k: string): void } {
    const playMs = this.promptMs(req);
    let playing = playMs > 0;
    const timer = playing
      ? this.clock.setTimeout(() => {
          playing = false;
          collector.start();
        }, playMs)
      : undefined;
    if (!playing) collector.start();
    return {
      key: (k) => {
        if (!playing) return collector.digit(k);
        if (!req.prompts?.bargein) {
          this.trace.add('input', { result: 'ignored', digits: k, reason: 'prompt without barge-in' });
          return;
        }
        playing = false;
        this.clock.clearTimeout(timer);
        this.trace.add('bargein', { key: k });
        collector.start();
        collector.digit(k);
      },
    };
  }

  private promptMs(req: CollectRequest): number {
    return req.prompts ? this.segmentsMs(req.prompts.segments) : 0;
  }

  /** Playback time when modelled (msPerChar > 0); 0 otherwise. */
  private segmentsMs(segments: readonly PromptSegment[]): number {
    if (this.msPerChar <= 0) return 0;
    let ms = 0;
    for (const seg of segments)
      ms += seg.kind === 'tts' ? [...seg.text].length * this.msPerChar : seg.kind === 'silence' ? seg.ms : this.audioMs;
    return ms;
  }

  record(req: RecordRequest): Promise<RecordResult> {
    if (this.hungUp) return Promise.resolve({ kind: 'hangup' });
    const turn = this.records.shift() ?? 'hangup';
    return new Promise((resolve) => {
      if (turn === 'hangup') {
        this.hungUp = true;
        resolve({ kind: 'hangup' });
        return;
      }
      const wait = turn === 'noinput' ? req.finalSilenceMs : Math.min(turn.durationMs, req.maxTimeMs);
      this.clock.setTimeout(() => {
        if (turn === 'noinput') resolve({ kind: 'noinput' });
        else {
          const r: RecordResult = {
            kind: 'recorded',
            ref: `recording-${++this.recordings}.wav`,
            durationMs: wait,
            sizeBytes: Math.round(wait * 16),
            maxTimeReached: turn.durationMs >= req.maxTimeMs,
          };
          if (turn.termChar !== undefined && req.dtmfTerm) r.termChar = turn.termChar;
          resolve(r);
        }
      }, wait);
    });
  }

  transfer(req: TransferRequest): Promise<TransferResult> {
    if (this.hungUp) return Promise.resolve({ outcome: 'hangup', durationMs: 0 });
    if (req.mode === 'blind') return Promise.resolve({ outcome: 'transferred', durationMs: 0 });
    const next = this.transfers.shift() ?? { outcome: 'far_end_disconnect' as const, durationMs: 10_000 };
    const { outcome, durationMs } = typeof next === 'string' ? { outcome: next, durationMs: outcomeDelay(next, req) } : next;
    return new Promise((resolve) => {
      this.clock.setTimeout(() => {
        if (outcome === 'hangup') this.hungUp = true;
        resolve({ outcome, durationMs });
      }, durationMs);
    });
  }

  async hangup(): Promise<void> {
    this.hungUp = true;
  }
}

function outcomeDelay(outcome: TransferOutcome, req: TransferRequest): number {
  if (outcome === 'noanswer') return req.connectTimeoutMs;
  if (outcome === 'busy' || outcome === 'network_busy' || outcome === 'noroute') return 500;
  if (outcome === 'maxtime_disconnect') return req.maxTimeMs;
  return 10_000;
}
