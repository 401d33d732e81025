import type { OverflowActionDto, Queue } from '@rexian/contracts';
import type { QueueCreateInput } from './cti-api.ts';
import type { OverflowKind, PreferenceRule, Strategy } from './cti-values.ts';

/**
 * The queue form (§4.6.4.1) edits durations in seconds while the API speaks milliseconds; an overflow
 * action is one flat record in the form (kind + the target its kind needs) and a tagged union in the API.
 */
export type OverflowFormValue = { kind: OverflowKind; mailbox?: string | null; ivrId?: string | null; queueId?: string | null };
/** `label` (name and number) is for display only and never sent. */
export type MemberFormValue = { agentId: string; level: number; label?: string };

export type QueueFormValues = {
  name: string;
  number: string;
  announcePosition: boolean;
  positionIntervalSec: number;
  announceAgentNumber: boolean;
  reservedIdleAgents: number;
  maxWaitSec: number;
  onMaxWait: OverflowFormValue;
  maxLength: number;
  onMaxLength: OverflowFormValue;
  noAgentMaxWaitSec: number;
  onNoAgent: OverflowFormValue;
  vipEnabled: boolean;
  vipMethod: 'cti' | 'crm';
  vipLookupUrl?: string | null;
  httpTimeoutSec: number;
  ringTimeSec: number;
  musicOnHold?: string | null;
  strategy: Strategy;
  preferenceRules: PreferenceRule[];
  priority: number;
  members: MemberFormValue[];
};

export const msToSeconds = (ms: number): number => Math.round(ms / 100) / 10;
export const secondsToMs = (seconds: number | null | undefined): number => Math.round((seconds ?? 0) * 1000);

const hangup: OverflowFormValue = { kind: 'hangup' };

/** Values for a new queue: the API's own defaults, in seconds. */
export const newQueueValues: QueueFormValues = {
  name: '',
  number: '',
  announcePosition: false,
  positionIntervalSec: 30,
  announceAgentNumber: false,
  reservedIdleAgents: 0,
  maxWaitSec: 0,
  onMaxWait: hangup,
  maxLength: 0,
  onMaxLength: hangup,
  noAgentMaxWaitSec: 0,
  onNoAgent: hangup,
  vipEnabled: false,
  vipMethod: 'cti',
  vipLookupUrl: null,
  httpTimeoutSec: 2,
  ringTimeSec: 20,
  musicOnHold: null,
  strategy: 'longest-idle',
  preferenceRules: [],
  priority: 0,
  members: [],
};

export function overflowToForm(action: OverflowActionDto): OverflowFormValue {
  switch (action.kind) {
    case 'voicemail':
      return { kind: 'voicemail', mailbox: action.mailbox ?? null };
    case 'ivr':
      return { kind: 'ivr', ivrId: action.ivrId };
    case 'queue':
      return { kind: 'queue', queueId: action.queueId };
    case 'hangup':
      return { kind: 'hangup' };
  }
}

/** Empty targets are sent as they are (`''`), so the server names the missing field in its own words. */
export function overflowFromForm(value: OverflowFormValue): OverflowActionDto {
  switch (value.kind) {
    case 'voicemail': {
      const mailbox = value.mailbox?.trim();
      return mailbox ? { kind: 'voicemail', mailbox } : { kind: 'voicemail' };
    }
    case 'ivr':
      return { kind: 'ivr', ivrId: value.ivrId?.trim() ?? '' };
    case 'queue':
      return { kind: 'queue', queueId: value.queueId ?? '' };
    case 'hangup':
      return { kind: 'hangup' };
  }
}

export function queueToForm(q: Queue): QueueFormValues {
  return {
    name: q.name,
    number: q.number,
    announcePosition: q.announcePosition,
    positionIntervalSec: msToSeconds(q.positionIntervalMs),
    announceAgentNumber: q.announceAgentNumber,
    reservedIdleAgents: q.reservedIdleAgents,
    maxWaitSec: msToSeconds(q.maxWaitMs),
    onMaxWait: overflowToForm(q.onMaxWait),
    maxLength: q.maxLength,
    onMaxLength: overflowToForm(q.onMaxLength),
    noAgentMaxWaitSec: msToSeconds(q.noAgentMaxWaitMs),
    onNoAgent: overflowToForm(q.onNoAgent),
    vipEnabled: q.vipEnabled,
    vipMethod: q.vipMethod,
    vipLookupUrl: q.vipLookupUrl,
    httpTimeoutSec: msToSeconds(q.httpTimeoutMs),
    ringTimeSec: msToSeconds(q.ringTimeMs),
    musicOnHold: q.musicOnHold,
    strategy: q.strategy,
    preferenceRules: [...q.preferenceRules],
    priority: q.priority,
    members: q.members.map((m) => ({ agentId: m.agentId, level: m.level, label: `${m.agentName} (${m.agentNumber})` })),
  };
}

const blankToNull = (text: string | null | undefined) => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** The full body for POST /queues and PATCH /queues/:id (every field is sent on an edit too). */
export function queueFromForm(v: QueueFormValues): QueueCreateInput & { number: string } {
  return {
    name: v.name.trim(),
    number: v.number.trim(),
    announcePosition: v.announcePosition,
    positionIntervalMs: secondsToMs(v.positionIntervalSec),
    announceAgentNumber: v.announceAgentNumber,
    reservedIdleAgents: v.reservedIdleAgents ?? 0,
    maxWaitMs: secondsToMs(v.maxWaitSec),
    onMaxWait: overflowFromForm(v.onMaxWait),
    maxLength: v.maxLength ?? 0,
    onMaxLength: overflowFromForm(v.onMaxLength),
    noAgentMaxWaitMs: secondsToMs(v.noAgentMaxWaitSec),
    onNoAgent: overflowFromForm(v.onNoAgent),
    vipEnabled: v.vipEnabled,
    vipMethod: v.vipMethod,
    vipLookupUrl: blankToNull(v.vipLookupUrl),
    httpTimeoutMs: secondsToMs(v.httpTimeoutSec),
    ringTimeMs: secondsToMs(v.ringTimeSec),
    musicOnHold: blankToNull(v.musicOnHold),
    strategy: v.strategy,
    preferenceRules: [...v.preferenceRules],
    priority: v.priority ?? 0,
    members: v.members.map((m) => ({ agentId: m.agentId, level: m.level })),
  };
}
