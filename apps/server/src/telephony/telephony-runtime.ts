import type { Cdr } from '@rexian/switch';

/** Registration state of one trunk as the running switch sees it (the console's trunk status column). */
export interface TrunkRuntimeStatus {
  trunkId: string;
  /** `not-required`: an IP-authenticated peer; `unknown`: the SIP edge is not running. */
  registration: 'registered' | 'registering' | 'failed' | 'not-required' | 'unknown';
  /** Calls currently using the trunk (both directions). */
  activeChannels: number;
  lastError?: string;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

/**
 * What the HTTP modules may ask of the running telephony side (SIP edge + switch) without importing it:
 * the composition root (main.ts) fills the holder once the SIP edge has started; in tests and with SIP
 * disabled it stays empty and the modules answer from the database alone.
 */
export interface TelephonyRuntime {
  trunkStatuses(): TrunkRuntimeStatus[];
  /** Calls in progress (open CDRs), oldest first (§4.7.7 current calls). */
  liveCalls(): Cdr[];
  /** Access numbers, schedules, trunks or outbound routes changed: reload before the next call. */
  dialplanChanged(): void;
}

export interface TelephonyHolder {
  current: TelephonyRuntime | null;
}

export function createTelephonyHolder(): TelephonyHolder {
  return { current: null };
}
