import { tsDiff } from '../rtp/sequence.ts';

export interface JitterBufferOptions {
  /** RTP clock rate and the timestamp step of one frame (160 for 20 ms at 8 kHz). */
  clockRate: number;
  frameUnits: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Frames held at most; older ones are dropped (bounded memory under floods). */
  capacity?: number;
}

export type JitterOutput<T> =
  | { kind: 'frame'; timestamp: number; payload: T }
  /** The frame is lost or late: the caller conceals it (PLC). */
  | { kind: 'conceal'; timestamp: number }
  /** Not started yet, or the talker is silent (DTX, hold): play comfort silence. */
  | { kind: 'idle' };

export interface JitterStats {
  pushed: number;
  played: number;
  concealed: number;
  late: number;
  duplicates: number;
  overflowDropped: number;
  /** Frames dropped to shrink the delay. */
  shrunk: number;
  /** Ticks where playout paused (concealment without advancing) to grow the delay. */
  grown: number;
  targetDelayMs: number;
  jitterMs: number;
}

/**
 * Adaptive playout buffer for one RTP stream. `push` on arrival, `pop` once per frame tick. The target
 * delay follows the interarrival jitter (RFC 3550 §A.8 estimator): it grows by pausing playout for a
 * frame when the buffer runs dry, and shrinks by dropping a frame when more than two frames above the
 * target have been queued for a while. Payload-agnostic, so it can hold encoded or decoded frames.
 */
export class JitterBuffer<T> {
  private readonly o: Required<JitterBufferOptions>;
  private readonly frames = new Map<number, T>();
  private nextTs: number | undefined;
  private startAtMs: number | undefined;
  private transit: number | undefined;
  private jitterUnits = 0;
  private targetMs: number;
  private overTargetTicks = 0;
  private dry = false;
  /** Frames of playout pause still owed after a late packet raised the target. */
  private pendingStretch = 0;
  private readonly s: Omit<JitterStats, 'targetDelayMs' | 'jitterMs'> = {
    pushed: 0,
    played: 0,
    concealed: 0,
    late: 0,
    duplicates: 0,
    overflowDropped: 0,
    shrunk: 0,
    grown: 0,
  };

  constructor(options: JitterBufferOptions) {
    this.o = { minDelayMs: 20, maxDelayMs: 300, capacity: 64, ...options };
    this.targetMs = this.o.minDelayMs + this.frameMs;
  }

  private get frameMs(): number {
    return (this.o.frameUnits * 1000) / this.o.clockRate;
  }

  push(timestamp: number, payload: T, arrivalMs: number, marker = false): void {
    this.s.pushed++;
    this.updateJitter(timestamp, arrivalMs);
    if (this.nextTs !== undefined) {
      const ahead = tsDiff(this.nextTs, timestamp);
      // A talkspurt start far from the playout point (after DTX or a sender restart): re-anchor.
      const farAway = Math.abs(ahead) > ((this.o.maxDelayMs * this.o.clockRate) / 1000) * 4;
      if ((marker && this.frames.size === 0) || farAway) this.reset();
      else if (ahead < 0) {
        // Too late to play: raise the target by the lateness and pause playout that long, so the
        // next packet this late is in time.
        this.s.late++;
        const lateMs = (-ahead * 1000) / this.o.clockRate;
        const raised = Math.min(this.o.maxDelayMs, this.targetMs + lateMs);
        this.pendingStretch += Math.max(0, Math.round((raised - this.targetMs) / this.frameMs));
        this.targetMs = raised;
        return;
      }
    }
    if (this.frames.has(timestamp)) {
      this.s.duplicates++;
      return;
    }
    if (this.frames.size >= this.o.capacity) {
      this.dropOldest();
      this.s.overflowDropped++;
    }
    this.frames.set(timestamp, payload);
    if (this.nextTs === undefined) {
      this.nextTs = timestamp;
      this.startAtMs = arrivalMs + this.targetMs;
    } else if (this.startAtMs !== undefined && tsDiff(this.nextTs, timestamp) < 0) {
      // Reordering before playout started: begin with the earliest frame.
      this.nextTs = timestamp;
    }
  }

  pop(nowMs: number): JitterOutput<T> {
    if (this.nextTs === undefined) return { kind: 'idle' };
    if (this.startAtMs !== undefined) {
      if (nowMs < this.startAtMs) return { kind: 'idle' };
      this.startAtMs = undefined;
    }
    const ts = this.nextTs;
    if (this.pendingStretch > 0) {
      this.pendingStretch--;
      this.s.grown++;
      return { kind: 'conceal', timestamp: ts };
    }
    const frame = this.frames.get(ts);
    if (frame !== undefined) {
      this.frames.delete(ts);
      this.dry = false;
      this.advance();
      this.maybeShrink();
      this.s.played++;
      return { kind: 'frame', timestamp: ts, payload: frame };
    }
    if (this.frames.size === 0) {
      // Ran dry: the next frame is late (jitter grew) or the talker paused. Hold the playout point so a
      // late frame still plays — this adds one frame of delay — and let the target follow.
      if (!this.dry) {
        this.dry = true;
        this.s.grown++;
        this.targetMs = Math.min(this.o.maxDelayMs, this.targetMs + this.frameMs);
      }
      return { kind: 'conceal', timestamp: ts };
    }
    this.dry = false;
    this.advance();
    this.s.concealed++;
    return { kind: 'conceal', timestamp: ts };
  }

  stats(): JitterStats {
    return { ...this.s, targetDelayMs: this.targetMs, jitterMs: (this.jitterUnits * 1000) / this.o.clockRate };
  }

  reset(): void {
    this.frames.clear();
    this.nextTs = undefined;
    this.startAtMs = undefined;
    this.overTargetTicks = 0;
    this.pendingStretch = 0;
  }

  private advance(): void {
    this.nextTs = ((this.nextTs as number) + this.o.frameUnits) >>> 0;
  }

  /** Queued audio from the playout point to the newest frame, in ms. */
  private depthMs(): number {
    if (this.nextTs === undefined || this.frames.size === 0) return 0;
    let newest = 0;
    for (const ts of this.frames.keys()) newest = Math.max(newest, tsDiff(this.nextTs, ts));
    return ((newest + this.o.frameUnits) * 1000) / this.o.clockRate;
  }

  private maybeShrink(): void {
    const wanted = Math.min(this.o.maxDelayMs, Math.max(this.o.minDelayMs, 3 * this.jitterMsValue() + this.frameMs));
    // Decay the target slowly toward what the jitter asks for.
    this.targetMs = Math.max(wanted, this.targetMs - 0.02 * this.frameMs);
    if (this.depthMs() > this.targetMs + 2 * this.frameMs) this.overTargetTicks++;
    else this.overTargetTicks = 0;
    if (this.overTargetTicks >= 25 && this.frames.has(this.nextTs as number)) {
      this.frames.delete(this.nextTs as number);
      this.advance();
      this.s.shrunk++;
      this.overTargetTicks = 0;
    }
  }

  private jitterMsValue(): number {
    return (this.jitterUnits * 1000) / this.o.clockRate;
  }

  private updateJitter(timestamp: number, arrivalMs: number): void {
    const transit = (arrivalMs * this.o.clockRate) / 1000 - timestamp;
    if (this.transit !== undefined) {
      let d = Math.abs(transit - this.transit);
      if (d > 2 ** 31) d = Math.abs(d - 2 ** 32);
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.transit = transit;
  }

  private dropOldest(): void {
    let oldest: number | undefined;
    for (const ts of this.frames.keys()) if (oldest === undefined || tsDiff(ts, oldest) < 0) oldest = ts;
    if (oldest !== undefined) this.frames.delete(oldest);
  }
}
