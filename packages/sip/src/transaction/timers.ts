/**
 * RFC 3261 §17 and Table 4 timer values. T1 (RTT estimate), T2 (cap on non-INVITE retransmit interval)
 * and T4 (maximum time a message stays in the network) are configurable; the others derive from them.
 */
export interface TimerConfig {
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
}

export const defaultTimers: TimerConfig = { T1: 500, T2: 4000, T4: 5000 };

export const timerValues = (t: TimerConfig, reliable: boolean) => ({
  A: t.T1,
  B: 64 * t.T1,
  // Timer D: "> 32 s for UDP, 0 s for TCP/SCTP" (§17.1.1.2).
  D: reliable ? 0 : Math.max(32_000, 64 * t.T1),
  E: t.T1,
  F: 64 * t.T1,
  G: t.T1,
  H: 64 * t.T1,
  I: reliable ? 0 : t.T4,
  J: reliable ? 0 : 64 * t.T1,
  K: reliable ? 0 : t.T4,
  // RFC 6026 §8.4 / §8.7: Timer L and Timer M, 64*T1.
  L: 64 * t.T1,
  M: 64 * t.T1,
});

export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'Trying';
