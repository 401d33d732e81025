import type { Clock } from '@rexian/kernel';
import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { MediaErrorCode, mediaError, mediaUnavailable } from '../errors.ts';

export interface PortRange {
  min: number;
  max: number;
}

export interface PortAllocatorOptions extends PortRange {
  clock: Clock;
  /**
   * A released port rests this long before reuse, so late packets of the old call do not land in a
   * new one (the same idea as TCP's TIME_WAIT). Default 5 s.
   */
  quarantineMs?: number;
}

/**
 * Hands out even RTP ports (RTCP on the odd port above, RFC 3550 §11) from a configured range. It only
 * books numbers; the socket adapter binds them and reports `markBusy` when the OS says a port is taken.
 * Allocation rotates through the range rather than reusing the lowest port, spreading reuse out.
 */
export class PortAllocator {
  private readonly clock: Clock;
  private readonly min: number;
  private readonly slots: number;
  private readonly quarantineMs: number;
  private readonly inUse = new Set<number>();
  private readonly restingUntil = new Map<number, number>();
  private cursor = 0;

  private constructor(options: PortAllocatorOptions, min: number, slots: number) {
    this.clock = options.clock;
    this.min = min;
    this.slots = slots;
    this.quarantineMs = options.quarantineMs ?? 5000;
  }

  static create(options: PortAllocatorOptions): Result<PortAllocator, AppError> {
    const min = options.min % 2 === 0 ? options.min : options.min + 1;
    const { max } = options;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65535 || max - min < 1) {
      return err(
        mediaError(MediaErrorCode.PortRangeInvalid, 'RTP port range must be within 1024..65535 and hold one pair', {
          ...options,
          clock: undefined,
        }),
      );
    }
    return ok(new PortAllocator(options, min, Math.floor((max - min + 1) / 2)));
  }

  get capacity(): number {
    return this.slots;
  }

  get allocated(): number {
    return this.inUse.size;
  }

  /** Split the range into `n` contiguous sub-ranges (one per media worker). */
  static shard(range: PortRange, n: number): PortRange[] {
    const first = range.min % 2 === 0 ? range.min : range.min + 1;
    const pairs = Math.floor((range.max - first + 1) / 2);
    const per = Math.floor(pairs / n);
    return Array.from({ length: n }, (_, i) => ({ min: first + i * per * 2, max: first + (i + 1) * per * 2 - 1 }));
  }

  allocate(): Result<number, AppError> {
    const now = this.clock.monotonic();
    for (let i = 0; i < this.slots; i++) {
      const slot = (this.cursor + i) % this.slots;
      const port = this.min + slot * 2;
      if (this.inUse.has(port)) continue;
      const until = this.restingUntil.get(port);
      if (until !== undefined && until > now) continue;
      this.restingUntil.delete(port);
      this.inUse.add(port);
      this.cursor = (slot + 1) % this.slots;
      return ok(port);
    }
    return err(mediaUnavailable(MediaErrorCode.PortsExhausted, 'no free RTP port in the range', { capacity: this.slots }));
  }

  release(port: number): void {
    if (!this.inUse.delete(port)) return;
    this.restingUntil.set(port, this.clock.monotonic() + this.quarantineMs);
  }

  /** The OS refused to bind: keep the port out of rotation for a quarantine period. */
  markBusy(port: number): void {
    this.inUse.delete(port);
    this.restingUntil.set(port, this.clock.monotonic() + this.quarantineMs);
  }
}
