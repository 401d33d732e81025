import type { DtmfGrammar, GrammarMatch } from '../grammar/dtmf-grammar.ts';

/**
 * The Channel port: what the interpreter asks of one call leg. The switch adapter implements it over
 * a real channel (ARI-style play/collect/record/transfer/hangup); the fake channel implements it from
 * a script for tests and the CLI. Everything here is plain data.
 */
export type PromptSegment =
  | { kind: 'tts'; text: string }
  | { kind: 'audio'; src: string; bytes?: Uint8Array }
  | { kind: 'silence'; ms: number };

export interface PlayRequest {
  segments: PromptSegment[];
  bargein: boolean;
}

export interface CollectRequest {
  /** Prompts to play before (and, with barge-in, while) collecting. */
  prompts?: PlayRequest;
  /** No-input time-out, from the end of the prompts (VoiceXML `timeout`). */
  timeoutMs: number;
  /** Gap allowed between digits while the grammar is incomplete or could go on (`interdigittimeout`). */
  interDigitTimeoutMs: number;
  /** Wait for the terminator after a complete, non-extendable match (`termtimeout`). */
  termTimeoutMs: number;
  /** Terminating key, usually "#"; "" for none (`termchar`). */
  termChar: string;
  grammar: DtmfGrammar;
}

export type CollectResult =
  | { kind: 'match'; digits: string; match: GrammarMatch }
  | { kind: 'nomatch'; digits: string }
  | { kind: 'noinput' }
  | { kind: 'hangup' };

export interface RecordRequest {
  prompts?: PlayRequest;
  beep: boolean;
  maxTimeMs: number;
  finalSilenceMs: number;
  dtmfTerm: boolean;
  type: string;
}

export type RecordResult =
  | { kind: 'recorded'; ref: string; durationMs: number; sizeBytes: number; termChar?: string; maxTimeReached: boolean }
  | { kind: 'noinput' }
  | { kind: 'hangup' };

/**
 * Destinations: `queue:<name>` (ACD queue), `ivr:<number>` (another IVR), `voicemail:<box>`,
 * `tel:<number>` or `sip:<uri>`.
 */
export interface TransferRequest {
  dest: string;
  mode: 'blind' | 'bridge' | 'consultation';
  connectTimeoutMs: number;
  /** 0 = no limit. */
  maxTimeMs: number;
  prompts?: PlayRequest;
}

/** VoiceXML 2.0 §2.3.7.2 transfer outcomes, plus `hangup` (the caller left) and `noroute`. */
export type TransferOutcome =
  | 'transferred'
  | 'busy'
  | 'noanswer'
  | 'network_busy'
  | 'near_end_disconnect'
  | 'far_end_disconnect'
  | 'maxtime_disconnect'
  | 'unknown'
  | 'noroute'
  | 'hangup';

export interface TransferResult {
  outcome: TransferOutcome;
  durationMs: number;
}

/** The call this session runs on; becomes the `session.*` variables. */
export interface CallInfo {
  callId: string;
  /** Caller's number (ANI). */
  caller: string;
  /** Number the caller dialled (DNIS). */
  called: string;
  /** The access number (接入号) the call came in on. */
  accessNumber: string;
  protocol?: string;
}

/**
 * Adapters feed DTMF of a collect into a DigitCollector (channel/digit-collector.ts) so timing is the
 * same everywhere. Keys pressed while a barge-in prompt plays end the prompt and count as input; keys
 * pressed between collects (type-ahead) should be buffered by the adapter and fed at the next collect.
 */
export interface Channel {
  readonly call: CallInfo;
  /** Plays without collecting. Resolves "hangup" if the caller left meanwhile. */
  play(req: PlayRequest): Promise<'done' | 'hangup'>;
  collect(req: CollectRequest): Promise<CollectResult>;
  record(req: RecordRequest): Promise<RecordResult>;
  transfer(req: TransferRequest): Promise<TransferResult>;
  /** The application hangs up. Idempotent. */
  hangup(): Promise<void>;
}

/** How a segment reads in a trace: text as is, audio as "audio:<src>", pauses as "break:<ms>". */
export function describeSegment(s: PromptSegment): string {
  if (s.kind === 'tts') return s.text;
  if (s.kind === 'audio') return `audio:${s.src}`;
  return `break:${s.ms}`;
}
