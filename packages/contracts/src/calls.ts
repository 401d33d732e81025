import { z } from 'zod';
import { pageQuery } from './common.ts';

/**
 * Call records (§4.7.2 通话记录), current calls (§4.7.7 当前通话列表) and voicemail (§4.7.4 语音留言).
 * The lists below are kept equal to @rexian/switch's (a server test checks it).
 */
export const callTypes = ['inbound', 'manual-outbound', 'auto-outbound', 'internal', 'loopback-test'] as const;
export type CallTypeCode = (typeof callTypes)[number];
export const hangupCauses = [
  'normal-clearing',
  'busy',
  'no-answer',
  'cancelled',
  'rejected',
  'unallocated-number',
  'unavailable',
  'congestion',
  'failed',
  'transferred',
  'system-restart',
] as const;
export type HangupCauseCode = (typeof hangupCauses)[number];
/** Which party ended the call: the caller, the callee (any leg but the caller's), or the switch. */
export const hangupParties = ['caller', 'callee', 'system'] as const;
export type HangupParty = (typeof hangupParties)[number];

const isoTime = z.string();
const boolQuery = z.enum(['true', 'false']);
const numberFilter = z
  .string()
  .trim()
  .regex(/^[0-9+*#]{1,32}$/, { message: 'digits, +, * or #' });
const seconds = z.coerce
  .number()
  .int()
  .min(0)
  .max(86_400 * 7);

export const cdrLeg = z.object({
  channelId: z.string(),
  role: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  caller: z.string(),
  callee: z.string(),
  trunkId: z.string().nullable(),
  createdAt: isoTime,
  answeredAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  cause: z.string().nullable(),
  /** remote: the leg's own party hung up; local: the switch on an application's order; system. */
  hungUpBy: z.enum(['remote', 'local', 'system']).nullable(),
});
export type CdrLegDto = z.infer<typeof cdrLeg>;

export const cdrSummary = z.object({
  callId: z.string(),
  callType: z.enum(callTypes),
  caller: z.string(),
  callee: z.string(),
  accessNumber: z.string().nullable(),
  startedAt: isoTime,
  answeredAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  ringMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  cause: z.string().nullable(),
  hungUpBy: z.enum(hangupParties).nullable(),
  hasRecording: z.boolean(),
  open: z.boolean(),
  /** Extension numbers among the parties (shown in full; other numbers may be masked). */
  extensions: z.array(z.string()),
  /** True when external numbers in this record are masked for the caller of the API. */
  masked: z.boolean(),
});
export type CdrSummary = z.infer<typeof cdrSummary>;

export const cdrDetail = cdrSummary.extend({ legs: z.array(cdrLeg) });
export type CdrDetail = z.infer<typeof cdrDetail>;

/** The manual's filters (§4.7.2): time range, numbers, call type, answered, duration, hang-up side, agent. */
export const cdrQuery = pageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  caller: numberFilter.optional(),
  callee: numberFilter.optional(),
  accessNumber: numberFilter.optional(),
  callType: z.enum(callTypes).optional(),
  answered: boolQuery.optional(),
  minTalkSeconds: seconds.optional(),
  maxTalkSeconds: seconds.optional(),
  hungUpBy: z.enum(hangupParties).optional(),
  cause: z.enum(hangupCauses).optional(),
  /** An extension number taking part in the call. */
  extension: numberFilter.optional(),
  /** An agent number (座席工号): calls of the extension bound to that agent. */
  agent: z
    .string()
    .trim()
    .regex(/^[0-9]{1,16}$/)
    .optional(),
});
export type CdrQuery = z.infer<typeof cdrQuery>;

export const cdrParams = z.strictObject({ callId: z.string().min(1).max(128) });

/** §4.7.7: calls in progress, with the server's time so durations tick from the same clock. */
export const liveCalls = z.object({ items: z.array(cdrDetail), now: isoTime });
export type LiveCalls = z.infer<typeof liveCalls>;

/** Per-call recording (overrides the global switch for one call in progress). */
export const callRecordingState = z.object({
  recording: z.boolean(),
  /** The file being written, relative to the data folder. */
  file: z.string().nullable(),
  override: z.enum(['default', 'on', 'off']),
});
export type CallRecordingStateDto = z.infer<typeof callRecordingState>;
export const callRecordingUpdate = z.strictObject({ on: z.boolean() });

/**
 * The current-calls stream (WebSocket `/api/v1/calls/live/stream`): a snapshot on connect, then the calls
 * that changed and the ones that ended, at most every 100 ms. `seq` is the last call event applied, so a
 * client can tell the stream from a stale poll.
 */
export const liveCallsMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), seq: z.number().int(), now: isoTime, items: z.array(cdrDetail) }),
  z.object({
    type: z.literal('changes'),
    seq: z.number().int(),
    now: isoTime,
    upserts: z.array(cdrDetail),
    removed: z.array(z.string()),
  }),
]);
export type LiveCallsMessage = z.infer<typeof liveCallsMessage>;

export const voicemail = z.object({
  id: z.string(),
  callId: z.string(),
  mailbox: z.string(),
  caller: z.string(),
  callee: z.string(),
  accessNumber: z.string().nullable(),
  durationMs: z.number().int(),
  createdAt: isoTime,
  handled: z.boolean(),
  handledBy: z.string().nullable(),
  handledByName: z.string().nullable(),
  handledAt: isoTime.nullable(),
  note: z.string(),
  masked: z.boolean(),
});
export type Voicemail = z.infer<typeof voicemail>;

export const voicemailQuery = pageQuery.extend({
  mailbox: z.string().trim().min(1).max(64).optional(),
  caller: numberFilter.optional(),
  handled: boolQuery.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type VoicemailQuery = z.infer<typeof voicemailQuery>;

/** Mark handled (or not) and keep a note on what the message said (留言备注). */
export const voicemailUpdate = z
  .strictObject({ handled: z.boolean().optional(), note: z.string().trim().max(500).optional() })
  .refine((v) => v.handled !== undefined || v.note !== undefined, { message: 'nothing to change' });
export type VoicemailUpdate = z.infer<typeof voicemailUpdate>;

/**
 * Masks an external phone number for users without `pbx.cdr.unmasked`: at least four characters in the
 * middle become `*` and at most seven stay visible (13800138000 → 138****8000, 62345678 → 62****78).
 * Numbers with fewer than 7 digits are service numbers (110, 10086), never a person's, and stay as they
 * are; so do names such as "anonymous".
 */
export function maskPhoneNumber(number: string): string {
  if ((number.match(/[0-9]/g) ?? []).length < 7) return number;
  const n = number.length;
  const hidden = Math.max(4, n - 7);
  const head = Math.min(3, Math.floor((n - hidden) / 2));
  const tail = n - hidden - head;
  return `${number.slice(0, head)}${'*'.repeat(hidden)}${tail > 0 ? number.slice(-tail) : ''}`;
}
