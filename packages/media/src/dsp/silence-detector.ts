export interface SilenceDetectorOptions {
  sampleRate: number;
  /** Frames quieter than this are silence (dBFS of the frame RMS). −45 dBFS ≈ a quiet line. */
  thresholdDb?: number;
  /** Sound must last this long to count as speech (ignores clicks). */
  speechMinMs?: number;
  /** Silence after speech this long raises `silence-timeout` (ends a voicemail recording). */
  silenceTimeoutMs: number;
  /** Also time out when no speech was heard at all within this long (caller never spoke). */
  initialTimeoutMs?: number;
}

export interface SilenceVerdict {
  speaking: boolean;
  /** Milliseconds of continuous silence so far. */
  silenceMs: number;
  event?: 'speech-started' | 'silence-timeout' | 'no-speech-timeout';
}

/**
 * Energy-based silence detection with a speech hangover, the approach voicemail systems use to stop
 * recording after the caller stops talking. Each timeout event fires once.
 */
export class SilenceDetector {
  private readonly o: Required<Omit<SilenceDetectorOptions, 'initialTimeoutMs'>> & { initialTimeoutMs?: number };
  private readonly threshold: number;
  private loudMs = 0;
  private silenceMs = 0;
  private elapsedMs = 0;
  private speechSeen = false;
  private speaking = false;
  private fired = false;

  constructor(options: SilenceDetectorOptions) {
    this.o = { thresholdDb: -45, speechMinMs: 60, ...options };
    this.threshold = 32768 * 10 ** (this.o.thresholdDb / 20);
  }

  process(frame: Int16Array): SilenceVerdict {
    const ms = (frame.length * 1000) / this.o.sampleRate;
    this.elapsedMs += ms;
    let sum = 0;
    for (let i = 0; i < frame.length; i++) sum += (frame[i] as number) ** 2;
    const loud = Math.sqrt(sum / Math.max(1, frame.length)) >= this.threshold;
    let event: SilenceVerdict['event'];
    if (loud) {
      this.loudMs += ms;
      if (this.loudMs >= this.o.speechMinMs) {
        if (!this.speaking) event = 'speech-started';
        this.speaking = true;
        this.speechSeen = true;
        this.silenceMs = 0;
        this.fired = false;
      }
    } else {
      this.loudMs = 0;
      this.silenceMs += ms;
      if (this.speaking && this.silenceMs >= this.o.silenceTimeoutMs) this.speaking = false;
      if (!this.fired && this.speechSeen && this.silenceMs >= this.o.silenceTimeoutMs) {
        event = 'silence-timeout';
        this.fired = true;
      }
    }
    if (!this.fired && !this.speechSeen && this.o.initialTimeoutMs !== undefined && this.elapsedMs >= this.o.initialTimeoutMs) {
      event = 'no-speech-timeout';
      this.fired = true;
    }
    const v: SilenceVerdict = { speaking: this.speaking, silenceMs: this.silenceMs };
    if (event) v.event = event;
    return v;
  }
}
