import type { Clock } from '@rexian/kernel';

/**
 * Per-source token bucket (issue 3 item 2): each source address may send `burst` messages at once and
 * `perSecond` on average. Sources are forgotten least-recently-seen first past `maxSources`, so a flood
 * of spoofed addresses costs bounded memory.
 */
export interface RateLimiter {
  allow(source: string): boolean;
  tracked(): number;
}

export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst: number;
  readonly clock: Clock;
  readonly maxSources?: number;
  /** Sources never limited (trunks, the local Kamailio edge). */
  readonly exempt?: (source: string) => boolean;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const max = options.maxSources ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    allow(source) {
      if (options.exempt?.(source)) return true;
      const now = options.clock.monotonic();
      const b = buckets.get(source) ?? { tokens: options.burst, at: now };
      b.tokens = Math.min(options.burst, b.tokens + ((now - b.at) / 1000) * options.perSecond);
      b.at = now;
      buckets.delete(source);
      buckets.set(source, b);
      if (buckets.size > max) buckets.delete(buckets.keys().next().value as string);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    tracked: () => buckets.size,
  };
}
