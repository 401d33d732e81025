import { type CdrDetail, type CdrSummary, maskPhoneNumber } from '@rexian/contracts';
import type { Cdr } from '@rexian/switch';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * A CDR as the API shows it. Without `pbx.cdr.unmasked` every number that is neither one of the call's
 * extensions nor its access number (the company's own numbers) has its middle digits masked — in the legs
 * too. The recording's path never leaves the server: only whether there is one.
 */
export function cdrDetailOf(cdr: Cdr, extensions: readonly string[], mask: boolean): CdrDetail {
  const own = new Set(extensions);
  if (cdr.accessNumber !== undefined) own.add(cdr.accessNumber);
  const show = (n: string) => (mask && !own.has(n) ? maskPhoneNumber(n) : n);
  return {
    ...cdrSummaryOf(cdr, extensions, mask),
    legs: cdr.legs.map((l) => ({
      channelId: l.channelId,
      role: l.role,
      direction: l.direction,
      caller: show(l.caller),
      callee: show(l.callee),
      trunkId: l.trunkId ?? null,
      createdAt: new Date(l.createdAt).toISOString(),
      answeredAt: iso(l.answeredAt),
      endedAt: iso(l.endedAt),
      cause: l.cause ?? null,
      hungUpBy: l.hungUpBy ?? null,
    })),
  };
}

export function cdrSummaryOf(cdr: Cdr, extensions: readonly string[], mask: boolean): CdrSummary {
  const own = new Set(extensions);
  if (cdr.accessNumber !== undefined) own.add(cdr.accessNumber);
  const show = (n: string) => (mask && !own.has(n) ? maskPhoneNumber(n) : n);
  return {
    callId: cdr.callId,
    callType: cdr.callType,
    caller: show(cdr.caller),
    callee: show(cdr.callee),
    accessNumber: cdr.accessNumber ?? null,
    startedAt: new Date(cdr.startedAt).toISOString(),
    answeredAt: iso(cdr.answeredAt),
    endedAt: iso(cdr.endedAt),
    ringMs: cdr.ringMs ?? null,
    talkMs: cdr.talkMs ?? null,
    cause: cdr.cause ?? null,
    hungUpBy: cdr.hungUpBy ?? null,
    hasRecording: cdr.recordingFile !== undefined,
    open: cdr.open,
    extensions: [...extensions],
    masked: mask,
  };
}
