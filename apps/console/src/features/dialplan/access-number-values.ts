import type { AccessNumberDto, accessNumberCreate, CallTargetDto } from '@rexian/contracts';
import type { z } from 'zod';
import type { CallTargetKind } from './dialplan-values.ts';

export type AccessNumberInput = z.input<typeof accessNumberCreate>;

/**
 * One call target in the form: the kind, then the one value that kind needs (an extension number, an IVR
 * configuration id, a queue id or a mailbox number). `none`: no target (outbound-only numbers; or, for
 * holidays, "the after-hours target").
 */
export type TargetFormValue = { kind: CallTargetKind | 'none'; value?: string | null };

export type AccessNumberFormValues = {
  number: string;
  callType: AccessNumberDto['callType'];
  vip: boolean;
  target: TargetFormValue;
  /** 启用分时段业务 */
  timeRoutingEnabled: boolean;
  scheduleId?: string | null;
  workingHours: TargetFormValue;
  afterHours: TargetFormValue;
  holiday: TargetFormValue;
  notes?: string | null;
};

const none: TargetFormValue = { kind: 'none' };

export const newAccessNumberValues = (): AccessNumberFormValues => ({
  number: '',
  callType: 'both',
  vip: false,
  target: { kind: 'extension', value: null },
  timeRoutingEnabled: false,
  scheduleId: null,
  workingHours: { kind: 'queue', value: null },
  afterHours: { kind: 'ivr', value: null },
  holiday: none,
  notes: '',
});

export function targetToForm(t: CallTargetDto | null | undefined): TargetFormValue {
  if (!t) return none;
  switch (t.kind) {
    case 'extension':
      return { kind: 'extension', value: t.extension };
    case 'ivr':
      return { kind: 'ivr', value: t.ivrId };
    case 'queue':
      return { kind: 'queue', value: t.queueId };
    case 'voicemail':
      return { kind: 'voicemail', value: t.mailboxId };
  }
}

/** An empty value is sent as it is (`''`), so the server names the missing field in its own words. */
export function targetFromForm(v: TargetFormValue | null | undefined): CallTargetDto | null {
  const value = v?.value?.trim() ?? '';
  switch (v?.kind) {
    case 'extension':
      return { kind: 'extension', extension: value };
    case 'ivr':
      return { kind: 'ivr', ivrId: value };
    case 'queue':
      return { kind: 'queue', queueId: value };
    case 'voicemail':
      return { kind: 'voicemail', mailboxId: value };
    default:
      return null;
  }
}

export function accessNumberToForm(a: AccessNumberDto): AccessNumberFormValues {
  const tr = a.timeRouting;
  return {
    number: a.number,
    callType: a.callType,
    vip: a.vip,
    target: targetToForm(a.target),
    timeRoutingEnabled: tr?.enabled ?? false,
    scheduleId: tr?.scheduleId ?? null,
    workingHours: tr ? targetToForm(tr.workingHours) : { kind: 'queue', value: null },
    afterHours: tr ? targetToForm(tr.afterHours) : { kind: 'ivr', value: null },
    holiday: targetToForm(tr?.holiday),
    notes: a.notes,
  };
}

/**
 * The body for POST (and, without `number`, PATCH). With time-based routing on, the three period targets
 * decide and no plain target is sent; with it off, the time routing is removed (so its schedule is free).
 */
export function accessNumberFromForm(v: AccessNumberFormValues): AccessNumberInput & { number: string } {
  const timeRouting = v.timeRoutingEnabled
    ? {
        enabled: true,
        scheduleId: v.scheduleId ?? '',
        workingHours: targetFromForm(v.workingHours) ?? { kind: 'extension' as const, extension: '' },
        afterHours: targetFromForm(v.afterHours) ?? { kind: 'extension' as const, extension: '' },
        holiday: targetFromForm(v.holiday),
      }
    : null;
  return {
    number: v.number.trim(),
    callType: v.callType,
    vip: v.vip,
    target: v.timeRoutingEnabled ? null : targetFromForm(v.target),
    timeRouting,
    notes: v.notes?.trim() ?? '',
  };
}
