/**
 * Wrap-around arithmetic for RTP's 16-bit sequence numbers and 32-bit timestamps (RFC 3550 §5.1:
 * both start at random values and wrap). Differences are taken modulo 2^n and read as signed.
 */

/** b − a as a signed 16-bit distance: seqDiff(65535, 0) === 1. */
export function seqDiff(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}

export const seqNewer = (candidate: number, than: number): boolean => seqDiff(than, candidate) > 0;
export const seqNext = (seq: number, by = 1): number => (seq + by) & 0xffff;

/** b − a as a signed 32-bit distance: tsDiff(0xffffff00, 0x100) === 0x200. */
export function tsDiff(a: number, b: number): number {
  return (b - a) | 0;
}

export const tsNewer = (candidate: number, than: number): boolean => tsDiff(than, candidate) > 0;
export const tsAdd = (ts: number, by: number): number => (ts + by) >>> 0;

/**
 * Extends 16-bit sequence numbers to a monotonic count by tracking cycles (RFC 3550 §A.1). A packet
 * up to half the space behind the highest is taken as late, not as a new cycle.
 */
export class ExtendedSequence {
  private cycles = 0;
  private max: number | undefined;

  extend(seq: number): number {
    if (this.max === undefined) {
      this.max = seq;
      return seq;
    }
    const d = seqDiff(this.max, seq);
    if (d > 0) {
      if (seq < this.max) this.cycles += 0x10000;
      this.max = seq;
      return this.cycles + seq;
    }
    // Late packet: it belongs to the previous cycle if it sits numerically above the current max.
    const cycle = seq > this.max ? this.cycles - 0x10000 : this.cycles;
    return cycle + seq;
  }

  get highest(): number | undefined {
    return this.max === undefined ? undefined : this.cycles + this.max;
  }
}
