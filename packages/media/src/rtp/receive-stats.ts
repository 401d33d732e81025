import { seqDiff } from './sequence.ts';

const RTP_SEQ_MOD = 0x10000;
/** RFC 3550 §A.1 defaults. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export interface ReportBlockValues {
  ssrc: number;
  fractionLost: number;
  cumulativeLost: number;
  extendedHighestSequence: number;
  jitter: number;
  lastSr: number;
  delaySinceLastSr: number;
}

export type SequenceVerdict = 'valid' | 'probation' | 'duplicate' | 'late' | 'bad-jump' | 'restarted';

/**
 * Receive statistics of one RTP source: sequence validation (RFC 3550 §A.1), loss (§A.3) and
 * interarrival jitter (§A.8). Times come in as milliseconds from the caller's clock.
 */
export class ReceiveStats {
  readonly ssrc: number;
  private readonly clockRate: number;
  private maxSeq = 0;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private probation: number;
  private readonly minSequential: number;
  received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit: number | undefined;
  /** Jitter estimate in RTP timestamp units (floating; reported truncated). */
  private jitterUnits = 0;
  private lastSrNtp32 = 0;
  private lastSrAtMs: number | undefined;
  duplicates = 0;

  constructor(ssrc: number, firstSeq: number, clockRate: number, minSequential = 2) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
    this.initSeq(firstSeq);
    this.maxSeq = (firstSeq - 1) & 0xffff;
    this.minSequential = Math.max(1, minSequential);
    this.probation = this.minSequential;
  }

  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  /** RFC 3550 §A.1 update_seq, plus the §A.8 jitter update for packets that count. */
  onPacket(seq: number, rtpTimestamp: number, arrivalMs: number): SequenceVerdict {
    const verdict = this.updateSeq(seq);
    // §A.8: every data packet counts, reordered ones included (they carry the very jitter being measured).
    if (verdict === 'valid' || verdict === 'restarted' || verdict === 'late') this.updateJitter(rtpTimestamp, arrivalMs);
    return verdict;
  }

  private updateSeq(seq: number): SequenceVerdict {
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.probation > 0) {
      // A source is valid after MIN_SEQUENTIAL packets in sequence.
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.initSeq(seq);
          this.received++;
          return 'valid';
        }
      } else {
        this.probation = Math.max(1, this.minSequential - 1);
        this.maxSeq = seq;
      }
      return 'probation';
    }
    if (udelta === 0) {
      this.duplicates++;
      return 'duplicate';
    }
    if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A very large jump: restart only if the next packet confirms it (the sender restarted).
      if (seq === this.badSeq) {
        this.initSeq(seq);
        this.received++;
        return 'restarted';
      }
      this.badSeq = (seq + 1) & 0xffff;
      return 'bad-jump';
    } else {
      // Reordered (late) packet within MAX_MISORDER: counted, but does not move max.
      this.received++;
      return 'late';
    }
    this.received++;
    return 'valid';
  }

  private updateJitter(rtpTimestamp: number, arrivalMs: number): void {
    const arrivalUnits = (arrivalMs * this.clockRate) / 1000;
    const transit = arrivalUnits - rtpTimestamp;
    if (this.transit !== undefined) {
      // Difference of transits modulo 2^32 so a timestamp wrap is not read as a huge jump.
      let d = Math.abs(transit - this.transit);
      if (d > 2 ** 31) d = Math.abs(d - 2 ** 32);
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.transit = transit;
  }

  /**
   * The relay fast path (engine/native-relay.ts) continues this state in the addon: valid only after
   * probation, when every packet of the source is handled by the A.1/A.8 steps the addon repeats.
   */
  get fastPathReady(): boolean {
    return this.probation === 0;
  }

  /** State the addon updates: [maxSeq, cycles, received, duplicates], transit (NaN: none), jitter. */
  exportState(): { maxSeq: number; cycles: number; received: number; duplicates: number; transit: number; jitterUnits: number } {
    return {
      maxSeq: this.maxSeq,
      cycles: this.cycles,
      received: this.received,
      duplicates: this.duplicates,
      transit: this.transit ?? Number.NaN,
      jitterUnits: this.jitterUnits,
    };
  }

  importState(maxSeq: number, cycles: number, received: number, duplicates: number, transit: number, jitterUnits: number): void {
    this.maxSeq = maxSeq;
    this.cycles = cycles;
    this.received = received;
    this.duplicates = duplicates;
    this.transit = Number.isNaN(transit) ? undefined : transit;
    this.jitterUnits = jitterUnits;
  }

  /** Remember the middle 32 bits of a received SR's NTP time (for LSR/DLSR, RFC 3550 §6.4.1). */
  onSenderReport(ntpMiddle32: number, arrivalMs: number): void {
    this.lastSrNtp32 = ntpMiddle32 >>> 0;
    this.lastSrAtMs = arrivalMs;
  }

  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  get expected(): number {
    return this.probation > 0 ? 0 : this.extendedMax - this.baseSeq + 1;
  }

  /** Cumulative lost, clamped to the 24-bit signed field (RFC 3550 §A.3). */
  get cumulativeLost(): number {
    const lost = this.expected - this.received;
    return Math.max(-0x800000, Math.min(0x7fffff, lost));
  }

  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }

  /** Build a report block and start a new interval for the fraction lost (RFC 3550 §A.3). */
  reportBlock(nowMs: number): ReportBlockValues {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
    const dlsr = this.lastSrAtMs === undefined ? 0 : Math.round(((nowMs - this.lastSrAtMs) / 1000) * 65536);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: this.cumulativeLost,
      extendedHighestSequence: this.extendedMax >>> 0,
      jitter: Math.floor(this.jitterUnits),
      lastSr: this.lastSrNtp32,
      delaySinceLastSr: dlsr >>> 0,
    };
  }

  /** Distance of `seq` from the highest seen (positive: ahead). */
  distance(seq: number): number {
    return seqDiff(this.maxSeq, seq);
  }
}
