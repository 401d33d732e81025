import type { Cdr } from '@rexian/switch';
import type { CtiRuntime } from '../cti/cti-runtime.ts';

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

/** What a call's recording is doing now (the per-call control's answer). */
export interface CallRecordingState {
  recording: boolean;
  /** The file being written, relative to the data folder, while recording. */
  file: string | null;
  /** The per-call choice; `default` follows the global switch (§4.6.11). */
  override: 'default' | 'on' | 'off';
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
  /**
   * Resolves once every CDR change made so far is in the database. CDR writes are batched (a few tens of
   * ms); readers that must see a call's latest state (the CDR API, click to call) wait for this first.
   */
  flushCdrs(): Promise<void>;
  /** Access numbers, schedules, trunks or outbound routes changed: reload before the next call. */
  dialplanChanged(): void;
  /** The ACD and CTI over this switch (agent workspace, supervisor). */
  readonly cti: CtiRuntime | null;
  /**
   * Calls to `listener` after every call event, once the current-calls projection has applied it (the
   * live view's push stream). Returns the unsubscribe function.
   */
  onCallsChanged(listener: (seq: number) => void): () => void;
  /** Ends every leg of a call in progress (the console's 强拆); false when the call is not live. */
  hangupCall(callId: string): Promise<boolean>;
  /** The call's recording state; null when the call is not live. */
  recording(callId: string): CallRecordingState | null;
  /** Per-call recording on or off (overrides the global switch for this call); null when not live. */
  setRecording(callId: string, on: boolean): Promise<CallRecordingState | null>;
}

export interface TelephonyHolder {
  current: TelephonyRuntime | null;
}

export function createTelephonyHolder(): TelephonyHolder {
  return { current: null };
}
